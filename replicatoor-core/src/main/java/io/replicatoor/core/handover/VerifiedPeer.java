package io.replicatoor.core.handover;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.PeerClaims;
import io.replicatoor.core.port.PeerVerifier;
import io.replicatoor.core.port.ReportData;
import io.replicatoor.core.port.Sha256Hash;
import java.util.Optional;

/**
 * A peer whose quote core had verified: the {@link PeerClaims} returned by core's own call to
 * {@link PeerVerifier#verify} with the REPORTDATA core computed, after core compared all 64 bytes
 * again. Only this package constructs it (package-private constructor), so no code outside core can
 * present an unverified peer to the protocol.
 */
public final class VerifiedPeer {
  private final PeerClaims claims;

  VerifiedPeer(PeerClaims claims) {
    this.claims = claims;
  }

  /** Measurement id of the peer. */
  public MeasurementId measurementId() {
    return claims.measurementId();
  }

  /** TCB status name the policy accepted. */
  public String tcbStatus() {
    return claims.tcbStatus();
  }

  /** Device id, when the verifier reports one. */
  public Optional<Bytes32> deviceId() {
    return claims.deviceId();
  }

  /** dstack app id (hex). */
  public String appId() {
    return claims.appId();
  }

  /** dstack instance id (hex). */
  public String instanceId() {
    return claims.instanceId();
  }

  /** The REPORTDATA the quote carries (equal to the expected value). */
  public ReportData reportData() {
    return claims.reportData();
  }

  /** SHA-256 of the quote's canonical bytes. */
  public Sha256Hash quoteHash() {
    return claims.quoteHash();
  }

  @Override
  public String toString() {
    return "VerifiedPeer[measurement="
        + measurementId().toHex()
        + ", tcb="
        + tcbStatus()
        + ", instance="
        + instanceId()
        + "]";
  }
}
