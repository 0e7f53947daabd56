package io.replicatoor.chain.admin;

import io.replicatoor.chain.Address;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;

/**
 * One id in the contract's status. {@code activeAt} is the activation time for PENDING and ACTIVE
 * and 0 otherwise; {@code description} is the proposal's description event, or empty; {@code
 * change} is the event that made a CANCELLED or REVOKED id so, or null when it lies outside the
 * event range read (storage keeps no time for these states) or the state is PENDING or ACTIVE.
 */
public record ApprovalEntry(
    MeasurementId measurementId,
    ProposalState state,
    long activeAt,
    String description,
    Change change) {

  /** The {@code Cancelled} or {@code Revoked} event: block, its timestamp, transaction, sender. */
  public record Change(long blockNumber, long timestamp, Bytes32 tx, Address by) {}
}
