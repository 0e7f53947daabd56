package io.replicatoor.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * The decision for one measurement id at one verified block (upgrade-governance.md 5.2 step 9): the
 * closed set of {@code activeAt} outcomes.
 */
public sealed interface ApprovalStatus {

  /**
   * {@code 0 < activeAt ≤ block.timestamp}, not revoked: approved and active.
   *
   * @param activeAt when the approval became active
   */
  record Approved(Instant activeAt) implements ApprovalStatus {
    /** Checks for null. */
    public Approved {
      Objects.requireNonNull(activeAt, "activeAt");
    }
  }

  /**
   * {@code activeAt > block.timestamp}: proposed, still inside the timelock.
   *
   * @param activeAt when the approval will become active
   */
  record Pending(Instant activeAt) implements ApprovalStatus {
    /** Checks for null. */
    public Pending {
      Objects.requireNonNull(activeAt, "activeAt");
    }
  }

  /** {@code activeAt == 2^256 − 1}: permanently revoked. */
  record Revoked() implements ApprovalStatus {}

  /** {@code activeAt == 0}: never proposed, or cancelled. */
  record Unknown() implements ApprovalStatus {}
}
