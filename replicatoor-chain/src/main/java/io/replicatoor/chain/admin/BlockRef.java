package io.replicatoor.chain.admin;

import io.replicatoor.core.bytes.Bytes32;

/** The block a status was read at. */
public record BlockRef(long number, Bytes32 hash, long timestamp) {}
