package io.replicatoor.chain.admin;

import io.replicatoor.chain.Address;
import io.replicatoor.core.bytes.Bytes32;
import java.util.List;

/** Everything the owner tooling shows about a contract, read at one block. */
public record ContractStatus(
    Address contract,
    Address owner,
    Address guardian,
    long delaySeconds,
    Bytes32 stateFingerprint,
    Bytes32 codeHash,
    BlockRef block,
    List<ApprovalEntry> approvals) {
  public ContractStatus {
    approvals = List.copyOf(approvals);
  }
}
