package io.replicatoor.chain.admin;

import io.replicatoor.chain.Bytes32;

/** A mined proposal: the id (cross-checked against the local computation) and activation time. */
public record Proposal(Bytes32 measurementId, long activeAt, Bytes32 tx, long blockNumber) {}
