package io.replicatoor.core.port;

import io.replicatoor.core.measure.MeasurementId;
import java.time.Instant;
import java.util.Objects;

/**
 * A measurement proposed on the {@code UpgradeOperator} whose timelock has not elapsed at the
 * verified block it was read at (upgrade-governance.md 3.2).
 *
 * @param measurementId the proposed measurement
 * @param activeAt when it becomes active (chain time)
 */
public record PendingUpgrade(MeasurementId measurementId, Instant activeAt) {
  /** Checks for nulls. */
  public PendingUpgrade {
    Objects.requireNonNull(measurementId, "measurementId");
    Objects.requireNonNull(activeAt, "activeAt");
  }
}
