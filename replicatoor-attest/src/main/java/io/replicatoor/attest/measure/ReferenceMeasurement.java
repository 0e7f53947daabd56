package io.replicatoor.attest.measure;

import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.Measurement;
import io.replicatoor.core.measure.MeasurementId;
import java.util.Arrays;
import java.util.Objects;

/**
 * What an owner computes before proposing a version: the compose hash of the exact app-compose.json
 * bytes, dstack's default app id, and the {@link Measurement} (and its id) for an image.
 *
 * @param composeHash SHA-256 of the exact app-compose.json bytes (dstack-guest-interface.md 5.1)
 * @param defaultAppId the first 20 bytes of the compose hash, the app id dstack uses when none is
 *     set (5.2)
 * @param measurement the measurement the chain approves
 */
public record ReferenceMeasurement(
    Bytes32 composeHash, Bytes defaultAppId, Measurement measurement) {

  /** Length of a dstack app id (dstack-guest-interface.md 5.2). */
  public static final int APP_ID_SIZE = 20;

  /** Rejects null components. */
  public ReferenceMeasurement {
    Objects.requireNonNull(composeHash, "composeHash");
    Objects.requireNonNull(defaultAppId, "defaultAppId");
    Objects.requireNonNull(measurement, "measurement");
  }

  /**
   * Computes the reference values. The OS image hash is bound exactly when the image JSON carries
   * one.
   *
   * @param appComposeBytes the exact bytes of app-compose.json, never re-serialised
   * @param image the image registers
   */
  public static ReferenceMeasurement compute(byte[] appComposeBytes, ImageMeasurement image) {
    Bytes32 compose = composeHash(appComposeBytes);
    Measurement m =
        new Measurement(
            image.mrTd(),
            image.rtmr0(),
            image.rtmr1(),
            image.rtmr2(),
            compose,
            image.osImageHash().orElse(Bytes32.ZERO));
    return new ReferenceMeasurement(compose, defaultAppId(compose), m);
  }

  /**
   * Computes the reference values from the exact app-compose.json bytes and the image JSON ({@link
   * ImageMeasurement#parseJson}).
   *
   * @throws io.replicatoor.core.ReplicatoorException {@code BAD_REQUEST} when the image JSON is
   *     malformed
   */
  public static ReferenceMeasurement compute(byte[] appComposeBytes, byte[] imageJson)
      throws ReplicatoorException {
    return compute(appComposeBytes, ImageMeasurement.parseJson(imageJson));
  }

  /** SHA-256 of the exact bytes (the guest does not normalise; issue #550). */
  public static Bytes32 composeHash(byte[] appComposeBytes) {
    return Digests.sha256(appComposeBytes);
  }

  /** {@code composeHash[0..20]}. */
  public static Bytes defaultAppId(Bytes32 composeHash) {
    return Bytes.of(Arrays.copyOf(composeHash.toByteArray(), APP_ID_SIZE));
  }

  /** The measurement id the owner proposes on chain. */
  public MeasurementId measurementId() {
    return measurement.measurementId();
  }
}
