package io.replicatoor.attest.verify;

import io.replicatoor.attest.quote.Fmspc;
import io.replicatoor.attest.quote.PceId;
import io.replicatoor.attest.quote.PckExtensions;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.quote.TdReport;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.crypto.RequiredAlgorithms;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A quote whose signatures, PCK chain and (unless verified without collateral) Intel collateral and
 * TCB level were checked by {@link QuoteVerifier} at {@link #verifiedAt()}. Only the verifier can
 * create one. The TCB status is data for the policy step; Revoked and "TCB not supported" never
 * reach this type.
 */
public final class VerifiedQuote {
  private final Quote quote;
  private final PckExtensions pck;
  private final TrustRootKind trustRoot;
  private final Instant verifiedAt;
  private final Instant validFrom;
  private final Instant validUntil;
  private final Optional<TcbStatus> status;
  private final List<String> advisoryIds;
  private final Optional<Instant> tcbDate;
  private final Optional<TcbStatus> platformStatus;
  private final Optional<TcbStatus> qeStatus;
  private final Optional<TcbStatus> moduleStatus;
  private final Optional<TcbInfo> tcbInfo;
  private final Optional<EnclaveIdentity> qeIdentity;
  private final Optional<Instant> pckCrlThisUpdate;

  VerifiedQuote(
      Quote quote,
      PckExtensions pck,
      TrustRootKind trustRoot,
      Instant verifiedAt,
      Instant validFrom,
      Instant validUntil,
      TcbEvaluator.Evaluation eval,
      TcbInfo tcbInfo,
      EnclaveIdentity qeIdentity,
      Instant pckCrlThisUpdate) {
    this.quote = quote;
    this.pck = pck;
    this.trustRoot = trustRoot;
    this.verifiedAt = verifiedAt;
    this.validFrom = validFrom;
    this.validUntil = validUntil;
    this.status = Optional.ofNullable(eval).map(TcbEvaluator.Evaluation::status);
    this.advisoryIds = eval == null ? List.of() : eval.advisoryIds();
    this.tcbDate = Optional.ofNullable(eval).map(TcbEvaluator.Evaluation::tcbDate);
    this.platformStatus = Optional.ofNullable(eval).map(TcbEvaluator.Evaluation::platformStatus);
    this.qeStatus = Optional.ofNullable(eval).map(TcbEvaluator.Evaluation::qeStatus);
    this.moduleStatus = eval == null ? Optional.empty() : eval.moduleStatus();
    this.tcbInfo = Optional.ofNullable(tcbInfo);
    this.qeIdentity = Optional.ofNullable(qeIdentity);
    this.pckCrlThisUpdate = Optional.ofNullable(pckCrlThisUpdate);
  }

  /** The parsed quote. */
  public Quote quote() {
    return quote;
  }

  /**
   * SHA-256 of the quote's canonical bytes ({@link Quote#canonicalSha256()}): the hash a protocol
   * transcript binds. Bytes a relay appends after the declared signature data do not change it.
   */
  public Bytes32 canonicalSha256() {
    return quote.canonicalSha256();
  }

  /** The TD report of a TDX quote (see {@link Quote#body()}). */
  public TdReport tdReport() {
    return quote.body();
  }

  /** True when Intel collateral was checked and a TCB level matched. */
  public boolean collateralVerified() {
    return status.isPresent();
  }

  /** The converged TCB status; empty when verified without collateral. */
  public Optional<TcbStatus> status() {
    return status;
  }

  /** Advisory IDs (platform, QE, module; duplicates removed). */
  public List<String> advisoryIds() {
    return advisoryIds;
  }

  /** Earliest TCB date of the matched levels. */
  public Optional<Instant> tcbDate() {
    return tcbDate;
  }

  public Optional<TcbStatus> platformStatus() {
    return platformStatus;
  }

  public Optional<TcbStatus> qeStatus() {
    return qeStatus;
  }

  /** The TDX module identity status (module version > 0 only). */
  public Optional<TcbStatus> moduleStatus() {
    return moduleStatus;
  }

  /** The PCK leaf's SGX extension values. */
  public PckExtensions pckExtensions() {
    return pck;
  }

  /**
   * The platform's device id, SHA-256 of the PCK certificate's PPID (threat model P13: the value a
   * device allow-list approves).
   */
  public Bytes32 deviceId() {
    return Bytes32.of(RequiredAlgorithms.digest("SHA-256", pck.ppid().toByteArray()));
  }

  public Fmspc fmspc() {
    return pck.fmspc();
  }

  public PceId pceId() {
    return pck.pceId();
  }

  /** {@code tcbEvaluationDataNumber} of the TCB info. */
  public OptionalLong tcbEvaluationDataNumber() {
    return tcbInfo.isPresent()
        ? OptionalLong.of(tcbInfo.get().tcbEvaluationDataNumber())
        : OptionalLong.empty();
  }

  /** {@code tcbEvaluationDataNumber} of the QE identity. */
  public OptionalLong qeIdentityTcbEvaluationDataNumber() {
    return qeIdentity.isPresent()
        ? OptionalLong.of(qeIdentity.get().tcbEvaluationDataNumber())
        : OptionalLong.empty();
  }

  /** The verified TCB info. */
  public Optional<TcbInfo> tcbInfo() {
    return tcbInfo;
  }

  /** The verified QE identity. */
  public Optional<EnclaveIdentity> qeIdentity() {
    return qeIdentity;
  }

  /** PCK CRL {@code thisUpdate} (for collateral age policies). */
  public Optional<Instant> pckCrlThisUpdate() {
    return pckCrlThisUpdate;
  }

  /** Start of the validity window of everything checked (section 5 rule 2). */
  public Instant validFrom() {
    return validFrom;
  }

  /** End of the validity window; re-verify with fresh collateral before then. */
  public Instant validUntil() {
    return validUntil;
  }

  /** The instant the verification was made for. */
  public Instant verifiedAt() {
    return verifiedAt;
  }

  /** Intel's pinned root or a custom development root. */
  public TrustRootKind trustRoot() {
    return trustRoot;
  }

  @Override
  public String toString() {
    return "VerifiedQuote["
        + quote
        + ", status "
        + status.map(TcbStatus::intelName).orElse("none")
        + ", fmspc "
        + pck.fmspc().toHex()
        + ", root "
        + trustRoot.jsonName()
        + "]";
  }
}
