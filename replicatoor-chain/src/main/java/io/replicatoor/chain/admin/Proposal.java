package io.replicatoor.chain.admin;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;

/** A mined proposal: the id (cross-checked against the local computation) and activation time. */
public record Proposal(MeasurementId measurementId, long activeAt, Bytes32 tx, long blockNumber) {}
