package io.replicatoor.chain.admin;

import io.replicatoor.core.bytes.Bytes32;

/** A mined, successful transaction. */
public record TxResult(Bytes32 tx, long blockNumber) {}
