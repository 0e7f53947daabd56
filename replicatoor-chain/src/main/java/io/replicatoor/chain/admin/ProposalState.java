package io.replicatoor.chain.admin;

/** State of an id as the owner tooling reports it (CANCELLED is known from the proposal list). */
public enum ProposalState {
  PENDING,
  ACTIVE,
  CANCELLED,
  REVOKED
}
