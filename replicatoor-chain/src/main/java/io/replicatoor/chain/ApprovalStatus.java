package io.replicatoor.chain;

/** What the contract's {@code activeAt} slot says about an id at a verified block. */
public enum ApprovalStatus {
  /** Never proposed, or proposed and cancelled ({@code activeAt == 0}). */
  NONE,
  /** Proposed; {@code activeAt} is later than the block timestamp. */
  PENDING,
  /** {@code 0 < activeAt <= block timestamp}: approved. */
  ACTIVE,
  /** {@code activeAt == 2^256 - 1}: permanently revoked. */
  REVOKED;

  /** True only for {@link #ACTIVE}: the single state that lets a peer send or receive state. */
  public boolean isApproved() {
    return this == ACTIVE;
  }
}
