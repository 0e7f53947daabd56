package io.replicatoor.chain.admin;

import io.replicatoor.core.measure.MeasurementId;

/**
 * One id in the contract's status. {@code activeAt} is the activation time for PENDING and ACTIVE
 * and 0 otherwise; {@code description} is the proposal's description event, or empty.
 */
public record ApprovalEntry(
    MeasurementId measurementId, ProposalState state, long activeAt, String description) {}
