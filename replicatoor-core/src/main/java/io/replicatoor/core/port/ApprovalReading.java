package io.replicatoor.core.port;

import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.state.StateFingerprint;
import java.util.Objects;
import java.util.Optional;

/**
 * One verified read of {@code UpgradeOperator}: a measurement's approval status, the registered
 * state fingerprint (slot 1; empty while zero), and the block both were proven at.
 *
 * @param measurementId the id that was read
 * @param status its approval status at {@code block}
 * @param registeredFingerprint slot 1 at {@code block}, empty when no state is registered
 * @param block the verified block the storage proofs were checked against
 */
public record ApprovalReading(
    MeasurementId measurementId,
    ApprovalStatus status,
    Optional<StateFingerprint> registeredFingerprint,
    ChainBlock block) {
  /** Checks for nulls. */
  public ApprovalReading {
    Objects.requireNonNull(measurementId, "measurementId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(registeredFingerprint, "registeredFingerprint");
    Objects.requireNonNull(block, "block");
  }
}
