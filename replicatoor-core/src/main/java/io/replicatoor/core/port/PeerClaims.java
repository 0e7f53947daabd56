package io.replicatoor.core.port;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@link PeerVerifier} established about a quote that passed DCAP verification, the TD
 * attribute and TCB policy and the RTMR3 replay. Plain data: core turns it into a {@code
 * VerifiedPeer} only when it is the answer to core's own {@link PeerVerifier#verify} call.
 *
 * @param measurementId the measurement id (upgrade-governance.md 3.1) from the verified quote and
 *     the replayed event log
 * @param tcbStatus Intel's TCB status name as accepted by the policy (for example {@code
 *     "UpToDate"}); informational, the policy already decided
 * @param deviceId {@code SHA-256(PPID)} from the verified PCK certificate, when known
 * @param appId dstack app id from the replayed log, lowercase hex (20 bytes); informational
 * @param instanceId dstack instance id from the replayed log, lowercase hex, or empty when the
 *     image has none; informational
 * @param reportData the quote's REPORTDATA, all 64 bytes; core compares it again with the value it
 *     expects
 * @param quoteHash SHA-256 of the quote's canonical bytes ({@code Quote#canonicalBytes()})
 */
public record PeerClaims(
    MeasurementId measurementId,
    String tcbStatus,
    Optional<Bytes32> deviceId,
    String appId,
    String instanceId,
    ReportData reportData,
    Sha256Hash quoteHash) {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{0,128}");
  private static final Pattern STATUS = Pattern.compile("[A-Za-z]{1,64}");

  /** Checks for nulls and a printable, bounded shape of the informational strings. */
  public PeerClaims {
    Objects.requireNonNull(measurementId, "measurementId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(reportData, "reportData");
    Objects.requireNonNull(quoteHash, "quoteHash");
    if (tcbStatus == null || !STATUS.matcher(tcbStatus).matches()) {
      throw new IllegalArgumentException("tcbStatus must be an Intel status name");
    }
    if (appId == null || !HEX.matcher(appId).matches()) {
      throw new IllegalArgumentException("appId must be lowercase hex");
    }
    if (instanceId == null || !HEX.matcher(instanceId).matches()) {
      throw new IllegalArgumentException("instanceId must be lowercase hex");
    }
  }
}
