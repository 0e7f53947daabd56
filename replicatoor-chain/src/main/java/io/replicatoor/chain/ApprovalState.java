package io.replicatoor.chain;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The proven approval state of one measurement id (or device key) at a verified block
 * (upgrade-governance.md 5.2 step 9). Only the verifier can create one.
 */
public final class ApprovalState {
  private final MeasurementId id;
  private final ApprovalStatus status;
  private final long activeAt;
  private final ProvenSlot slot;

  ApprovalState(Bytes32 id, ApprovalStatus status, long activeAt, ProvenSlot slot) {
    this.id = MeasurementId.of(id);
    this.status = Objects.requireNonNull(status);
    this.activeAt = activeAt;
    this.slot = Objects.requireNonNull(slot);
  }

  public MeasurementId id() {
    return id;
  }

  public ApprovalStatus status() {
    return status;
  }

  /** Activation time (Unix seconds) for {@code PENDING} and {@code ACTIVE}; empty otherwise. */
  public OptionalLong activeAt() {
    return status == ApprovalStatus.PENDING || status == ApprovalStatus.ACTIVE
        ? OptionalLong.of(activeAt)
        : OptionalLong.empty();
  }

  /** The verified block the state was proven at. */
  public VerifiedBlock block() {
    return slot.block();
  }

  /** The proven {@code activeAt[id]} slot behind this state. */
  public ProvenSlot slot() {
    return slot;
  }

  @Override
  public String toString() {
    return "ApprovalState["
        + id.toPrefixedHex()
        + " "
        + status
        + (activeAt().isPresent() ? " activeAt=" + activeAt : "")
        + " @ "
        + block().number()
        + "]";
  }
}
