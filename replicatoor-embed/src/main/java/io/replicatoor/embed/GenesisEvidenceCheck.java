package io.replicatoor.embed;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.ApprovalReader;
import io.replicatoor.core.port.ApprovalReading;
import io.replicatoor.core.port.ApprovalStatus;
import io.replicatoor.core.port.PeerClaims;
import io.replicatoor.core.port.PeerVerification;
import io.replicatoor.core.port.PeerVerifier;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.state.StateFingerprint;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;

/**
 * The owner's check of a genesis candidate's evidence before {@code registerStateKey} ({@code
 * docs/protocol.md} 5.4): the evidence is for this chain and contract; its quote verifies (DCAP,
 * policy, event-log replay) with REPORTDATA = SHA-512(T_genesis) over exactly the fingerprint to be
 * registered (all 64 bytes); the candidate's measurement is approved and active at a verified
 * block; and no state is registered yet.
 */
public final class GenesisEvidenceCheck {
  private GenesisEvidenceCheck() {}

  /**
   * What the check established.
   *
   * @param fingerprint the fingerprint to register (bound by the verified quote)
   * @param measurementId the candidate's approved measurement
   * @param block the verified block the approval was read at
   */
  public record Accepted(StateFingerprint fingerprint, MeasurementId measurementId, long block) {}

  /**
   * Verifies {@code evidence} for deployment {@code (chainId, contract)}.
   *
   * @throws ReplicatoorException {@code BINDING_MISMATCH} (another chain or contract, or another
   *     REPORTDATA), the verifier's code for a refused quote, {@code MEASUREMENT_NOT_APPROVED},
   *     {@code TIMELOCK_NOT_ELAPSED} (with the activation time), {@code MEASUREMENT_REVOKED},
   *     {@code GENESIS_NOT_ALLOWED} (a state is registered already), or a chain reader code
   */
  public static Accepted verify(
      GenesisEvidence evidence,
      long chainId,
      EthereumAddress contract,
      PeerVerifier verifier,
      ApprovalReader approvals,
      Instant at)
      throws ReplicatoorException {
    Objects.requireNonNull(evidence, "evidence");
    if (evidence.chainId() != chainId || !evidence.contract().equals(contract)) {
      throw new ReplicatoorException(
          ErrorCode.BINDING_MISMATCH,
          "the genesis evidence is for chain "
              + evidence.chainId()
              + " contract 0x"
              + evidence.contract().toHex()
              + ", not chain "
              + chainId
              + " contract 0x"
              + contract.toHex());
    }
    PeerVerification v = verifier.verify(evidence.evidence(), evidence.expectedReportData(), at);
    if (v instanceof PeerVerification.Rejected r) {
      throw new ReplicatoorException(r.code(), "the genesis quote is refused: " + r.message());
    }
    PeerClaims claims = ((PeerVerification.Verified) v).claims();
    if (!MessageDigest.isEqual(
        claims.reportData().toByteArray(), evidence.expectedReportData().toByteArray())) {
      throw new ReplicatoorException(
          ErrorCode.BINDING_MISMATCH, "the genesis quote does not bind this fingerprint");
    }
    ApprovalReading a = approvals.read(claims.measurementId());
    if (!a.measurementId().equals(claims.measurementId())) {
      throw new ReplicatoorException(ErrorCode.INTERNAL, "the chain reader answered another id");
    }
    String id = "the candidate's measurement " + claims.measurementId().toHex();
    switch (a.status()) {
      case ApprovalStatus.Approved ok -> {}
      case ApprovalStatus.Pending p ->
          throw new ReplicatoorException(
              ErrorCode.TIMELOCK_NOT_ELAPSED, id + " is pending until " + p.activeAt());
      case ApprovalStatus.Revoked r ->
          throw new ReplicatoorException(ErrorCode.MEASUREMENT_REVOKED, id + " is revoked");
      case ApprovalStatus.Unknown u ->
          throw new ReplicatoorException(
              ErrorCode.MEASUREMENT_NOT_APPROVED, id + " is not approved");
    }
    if (a.registeredFingerprint().isPresent()) {
      throw new ReplicatoorException(
          ErrorCode.GENESIS_NOT_ALLOWED,
          "a state is registered already (fingerprint "
              + a.registeredFingerprint().get().toHex()
              + ")");
    }
    return new Accepted(evidence.fingerprint(), claims.measurementId(), a.block().number());
  }
}
