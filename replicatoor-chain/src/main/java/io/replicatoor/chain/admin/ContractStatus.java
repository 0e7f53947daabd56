package io.replicatoor.chain.admin;

import io.replicatoor.chain.Address;
import io.replicatoor.core.bytes.Bytes32;
import java.util.List;

/**
 * Everything the owner tooling shows about a contract, read at one block. {@code proposedCount} is
 * the length of {@code proposedIds} (repeats included); {@code truncated} is true when its older
 * entries were not read; events (descriptions, pre-emptive revocations, cancellation and revocation
 * times) were searched from {@code eventsFromBlock} to {@code block}.
 */
public record ContractStatus(
    Address contract,
    Address owner,
    Address guardian,
    long delaySeconds,
    Bytes32 stateFingerprint,
    Bytes32 codeHash,
    BlockRef block,
    List<ApprovalEntry> approvals,
    long proposedCount,
    boolean truncated,
    long eventsFromBlock) {
  public ContractStatus {
    approvals = List.copyOf(approvals);
  }
}
