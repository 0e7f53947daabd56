package io.replicatoor.chain;

import java.util.List;

/**
 * Ids from the contract's {@code proposedIds} with their proven states at one verified block.
 * Complete unless {@link #truncated()}: a list longer than {@link
 * VerifiedApprovalReader#MAX_PROPOSALS} keeps the newest entries and says so, and a caller that
 * warns about pending upgrades must then treat the state as unknown rather than as "none pending".
 *
 * @param states the listed ids (first occurrence order) and their states
 * @param length the proven length of {@code proposedIds} (repeats included)
 * @param truncated true when older entries of {@code proposedIds} were not read
 */
public record ProposalList(List<ApprovalState> states, long length, boolean truncated) {
  /** Copies {@code states}. */
  public ProposalList {
    states = List.copyOf(states);
  }
}
