package io.replicatoor.core.handover;

import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.ApprovalReader;
import io.replicatoor.core.port.ApprovalReading;
import io.replicatoor.core.port.ApprovalStatus;
import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.state.StateFingerprint;
import java.util.Optional;

/**
 * An {@link ApprovalReading} returned by core's own call to {@link ApprovalReader#read} for the
 * measurement core asked about (core checks the id matches). Package-private constructor: only the
 * protocol creates it.
 */
public final class VerifiedApproval {
  private final ApprovalReading reading;

  VerifiedApproval(ApprovalReading reading) {
    this.reading = reading;
  }

  /** The measurement read. */
  public MeasurementId measurementId() {
    return reading.measurementId();
  }

  /** Its status at {@link #block()}. */
  public ApprovalStatus status() {
    return reading.status();
  }

  /** Slot 1 at {@link #block()}. */
  public Optional<StateFingerprint> registeredFingerprint() {
    return reading.registeredFingerprint();
  }

  /** The verified block of the read. */
  public ChainBlock block() {
    return reading.block();
  }

  @Override
  public String toString() {
    return "VerifiedApproval["
        + measurementId().toHex()
        + " "
        + status()
        + " at block "
        + block().number()
        + "]";
  }
}
