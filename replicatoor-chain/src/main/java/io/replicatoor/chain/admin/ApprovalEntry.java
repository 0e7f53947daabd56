package io.replicatoor.chain.admin;

import io.replicatoor.chain.Bytes32;

/**
 * One id in the contract's status. {@code activeAt} is the activation time for PENDING and ACTIVE
 * and 0 otherwise; {@code description} is the proposal's description event, or empty.
 */
public record ApprovalEntry(Bytes32 measurementId, ProposalState state, long activeAt,
    String description) {}
