package io.replicatoor.chain.handover;

import io.replicatoor.chain.ApprovalState;
import io.replicatoor.chain.ProposalList;
import io.replicatoor.chain.VerifiedApprovalReader;
import io.replicatoor.chain.VerifiedBlock;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.ApprovalReader;
import io.replicatoor.core.port.ApprovalReading;
import io.replicatoor.core.port.ApprovalStatus;
import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.port.PendingUpgrade;
import io.replicatoor.core.port.PendingUpgrades;
import io.replicatoor.core.state.StateFingerprint;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Core's {@link ApprovalReader} over {@link VerifiedApprovalReader}.
 *
 * <p>Freshness rule: {@link #head()} and {@link #read} decide only on a block from {@link
 * VerifiedApprovalReader#verifiedBlock()}: k endpoints agree on its recomputed hash, it is at most
 * {@code maxAge} old against trusted time and at or above the high-water mark (which the reader
 * then raises; persisted when the reader was created with {@code HighWaterMarks.inDirectory}).
 * Approval status and the registered fingerprint come from storage proofs at that one block. {@link
 * #confirm} asks the quorum for the block at a number (a join anchor may be older than the head;
 * core applies its age rule to the returned timestamp). {@link #raiseFloor} is {@link
 * VerifiedApprovalReader#raiseHighWaterMark}.
 */
public final class ChainApprovalReader implements ApprovalReader {
  private final VerifiedApprovalReader reader;

  /** Reads through {@code reader}. */
  public ChainApprovalReader(VerifiedApprovalReader reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  @Override
  public ChainBlock head() throws ReplicatoorException {
    return toChainBlock(reader.verifiedBlock());
  }

  @Override
  public ApprovalReading read(MeasurementId id) throws ReplicatoorException {
    Objects.requireNonNull(id, "id");
    VerifiedBlock b = reader.verifiedBlock();
    ApprovalState a = reader.approval(b, id);
    Bytes32 fp = reader.stateFingerprint(b);
    Optional<StateFingerprint> registered =
        fp.equals(Bytes32.ZERO) ? Optional.empty() : Optional.of(StateFingerprint.of(fp));
    return new ApprovalReading(id, status(a), registered, toChainBlock(b));
  }

  @Override
  public Optional<ChainBlock> confirm(long number, Bytes32 hash) throws ReplicatoorException {
    Objects.requireNonNull(hash, "hash");
    if (number < 0) {
      return Optional.empty();
    }
    return reader.blockAt(number).filter(b -> b.hash().equals(hash)).map(this::toChainBlock);
  }

  @Override
  public void raiseFloor(long blockNumber) throws ReplicatoorException {
    reader.raiseHighWaterMark(blockNumber);
  }

  /**
   * {@link VerifiedApprovalReader#pendingUpgrades} at one fresh verified block: every id of {@code
   * proposedIds} with a proven activation time after the block's timestamp (truncated as the reader
   * says).
   */
  @Override
  public PendingUpgrades pendingUpgrades() throws ReplicatoorException {
    VerifiedBlock b = reader.verifiedBlock();
    ProposalList list = reader.pendingUpgrades(b);
    return new PendingUpgrades(
        toChainBlock(b),
        list.states().stream()
            .map(s -> new PendingUpgrade(s.id(), Instant.ofEpochSecond(s.activeAt().orElseThrow())))
            .toList(),
        list.truncated());
  }

  private static ApprovalStatus status(ApprovalState a) {
    return switch (a.status()) {
      case ACTIVE -> new ApprovalStatus.Approved(Instant.ofEpochSecond(a.activeAt().orElseThrow()));
      case PENDING -> new ApprovalStatus.Pending(Instant.ofEpochSecond(a.activeAt().orElseThrow()));
      case REVOKED -> new ApprovalStatus.Revoked();
      case NONE -> new ApprovalStatus.Unknown();
    };
  }

  private ChainBlock toChainBlock(VerifiedBlock b) {
    return new ChainBlock(b.number(), b.hash(), Instant.ofEpochSecond(b.timestamp()));
  }

  @Override
  public String toString() {
    return "ChainApprovalReader[chain "
        + reader.config().chainId()
        + ", "
        + reader.config().contract()
        + "]";
  }
}
