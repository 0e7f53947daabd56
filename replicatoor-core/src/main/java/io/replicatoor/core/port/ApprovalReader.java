package io.replicatoor.core.port;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;
import java.util.Optional;

/**
 * Approvals: verified reads of the deployment's {@code UpgradeOperator} (chain id, address and code
 * hash from the measured configuration). Implemented in chain by the verified k-of-n reader plus
 * its freshness rule.
 *
 * <p>Contract (threat-model.md P3, P9; upgrade-governance.md 5.2): every answer comes from a header
 * whose hash was recomputed, that is fresh ({@code trustedNow − timestamp ≤ maxAge}) and whose
 * number is at least the reader's floor; storage values come from verified proofs; a reader that
 * cannot reach that standard throws ({@code RPC_UNAVAILABLE}, {@code QUORUM_DISAGREES}, {@code
 * HEADER_STALE}, {@code PROOF_INVALID}, ...) and core fails closed.
 */
public interface ApprovalReader {
  /**
   * The newest verified block: B's join anchor.
   *
   * @throws ReplicatoorException when no fresh verified header is available
   */
  ChainBlock head() throws ReplicatoorException;

  /**
   * Reads {@code id}'s approval status and the registered fingerprint at one fresh verified block.
   *
   * @throws ReplicatoorException when no fresh verified read is possible
   */
  ApprovalReading read(MeasurementId id) throws ReplicatoorException;

  /**
   * Whether {@code (number, hash)} is a block the verified reader agrees on, and if so that block
   * with its timestamp (used by A to check B's join anchor and its age).
   *
   * @return the block, or empty when the reader has a different hash at that number or does not
   *     know it (for example, it is above the reader's head)
   * @throws ReplicatoorException when the reader cannot decide
   */
  Optional<ChainBlock> confirm(long number, Bytes32 hash) throws ReplicatoorException;

  /**
   * Never decide on a block below {@code blockNumber} from now on: B calls this with A's verified
   * block number from a transfer bundle whose binding is already verified, so B's approval reads
   * are never older than what A saw. A floor never moves down; a lower value is ignored.
   *
   * @throws ReplicatoorException only when the floor cannot be recorded
   */
  void raiseFloor(long blockNumber) throws ReplicatoorException;

  /**
   * Every measurement proposed and still pending at one fresh verified block, with its activation
   * time, so an instance can show an upgrade coming during the timelock. A list longer than the
   * reader's bound keeps the newest entries and is flagged {@link PendingUpgrades#truncated()}.
   *
   * @throws ReplicatoorException when no fresh verified read is possible
   */
  PendingUpgrades pendingUpgrades() throws ReplicatoorException;
}
