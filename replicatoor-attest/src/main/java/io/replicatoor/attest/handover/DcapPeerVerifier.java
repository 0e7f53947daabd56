package io.replicatoor.attest.handover;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.eventlog.DstackIdentities;
import io.replicatoor.attest.eventlog.EventLog;
import io.replicatoor.attest.eventlog.ReplayResult;
import io.replicatoor.attest.eventlog.RtmrReplay;
import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.attest.policy.PolicyResult;
import io.replicatoor.attest.policy.QuotePolicy;
import io.replicatoor.attest.policy.Violation;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.attest.verify.TcbStatus;
import io.replicatoor.attest.verify.TrustRootKind;
import io.replicatoor.attest.verify.VerifiedQuote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.CollateralHealth;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.port.PeerClaims;
import io.replicatoor.core.port.PeerVerification;
import io.replicatoor.core.port.PeerVerifier;
import io.replicatoor.core.port.ReportData;
import io.replicatoor.core.port.Sha256Hash;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link PeerVerifier} over attest: parse, DCAP verification with collateral evaluated at the
 * trusted time {@code at}, {@link QuotePolicy}, RTMR replay of the event log against the verified
 * registers, measurement id (upgrade-governance.md 3.1), the full 64-byte REPORTDATA comparison,
 * and the quote hash as {@code Quote#canonicalSha256()}.
 *
 * <p>Verdicts: a quote that is malformed, forged, revoked, refused by policy, replays to other
 * registers or binds other report data is {@link PeerVerification.Rejected} with the attest error
 * code ({@code DEBUG_TD} for a debug TD, {@code TCB_STATUS_REJECTED} for a TCB status the policy
 * refuses, {@code BINDING_MISMATCH} for other report data). Only when no verdict is possible (no
 * collateral can be had) does it throw.
 */
public final class DcapPeerVerifier implements PeerVerifier {
  /** Codes that mean "no verdict possible" rather than "this quote is bad". */
  private static final Set<ErrorCode> NO_VERDICT =
      EnumSet.of(ErrorCode.COLLATERAL_UNAVAILABLE, ErrorCode.INTERNAL);

  private final QuoteVerifier verifier;
  private final QuotePolicy policy;
  private final CollateralSource collateral;
  private final boolean bindOsImageHash;

  private DcapPeerVerifier(
      QuoteVerifier verifier, QuotePolicy policy, CollateralSource collateral, boolean bindOs) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.collateral = Objects.requireNonNull(collateral, "collateral");
    this.bindOsImageHash = bindOs;
  }

  /**
   * A verifier for production: the pinned Intel root, {@code policy}, and {@code collateral}.
   *
   * @param bindOsImageHash whether measurement ids bind the os-image-hash event when the log has
   *     one (as {@code measure} and {@code event-log replay} do; the event is part of RTMR3, so it
   *     cannot be stripped without failing the replay)
   */
  public static DcapPeerVerifier create(
      QuoteVerifier verifier,
      QuotePolicy policy,
      CollateralSource collateral,
      boolean bindOsImageHash) {
    if (verifier.trustRootKind() == TrustRootKind.CUSTOM) {
      throw new IllegalArgumentException(
          "a custom trust root needs insecureDevelopment (never in production)");
    }
    return new DcapPeerVerifier(verifier, policy, collateral, bindOsImageHash);
  }

  /**
   * INSECURE, development only: trusts {@code verifier}'s custom root (the simulator's dev PKI) and
   * a policy that allows it. Quotes from a real TDX machine will not verify; any holder of the dev
   * root key can forge quotes.
   */
  public static DcapPeerVerifier insecureDevelopment(
      QuoteVerifier verifier,
      QuotePolicy policy,
      CollateralSource collateral,
      boolean bindOsImageHash) {
    return new DcapPeerVerifier(verifier, policy, collateral, bindOsImageHash);
  }

  /** Whether this verifier trusts a custom (development) root. */
  public boolean insecure() {
    return verifier.trustRootKind() == TrustRootKind.CUSTOM;
  }

  /** The collateral source's health at its last use (a fixed folder has none). */
  @Override
  public Optional<CollateralHealth> collateralHealth() {
    return collateral.health();
  }

  @Override
  public PeerVerification verify(Evidence evidence, ReportData expected, Instant at)
      throws ReplicatoorException {
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(at, "at");
    try {
      return verifyOrThrow(evidence, expected, at);
    } catch (ReplicatoorException e) {
      if (NO_VERDICT.contains(e.errorCode())) {
        throw e;
      }
      return new PeerVerification.Rejected(e.errorCode(), e.getMessage());
    }
  }

  private PeerVerification verifyOrThrow(Evidence evidence, ReportData expected, Instant at)
      throws ReplicatoorException {
    Quote quote = Quote.parse(evidence.quote());
    // 1. DCAP: signature chain to the trust root, QE, TCB and CRLs with collateral valid at `at`.
    Collateral c = collateral.forQuote(quote);
    VerifiedQuote vq = verifier.verify(quote, c, at);
    // 2. Policy: TD attributes (debug), TCB status, advisories, collateral age, trust root.
    PolicyResult pr = policy.check(vq);
    if (pr instanceof PolicyResult.Rejected rej) {
      return new PeerVerification.Rejected(codeFor(rej.violations()), describe(rej.violations()));
    }
    // 3. Event log replay against the verified registers; identities from the replay only.
    TdRegisters regs = TdRegisters.of(vq.quote());
    ReplayResult replay = RtmrReplay.replay(EventLog.parse(evidence.eventLog()));
    replay.verifyAgainst(regs);
    boolean bindOs = bindOsImageHash && replay.identities().osImageHash().isPresent();
    MeasurementId id = replay.measurement(regs, bindOs).measurementId();
    // 4. All 64 REPORTDATA bytes.
    byte[] rd = vq.quote().body().reportData().toByteArray();
    if (!MessageDigest.isEqual(rd, expected.toByteArray())) {
      return new PeerVerification.Rejected(
          ErrorCode.BINDING_MISMATCH,
          "the quote's REPORTDATA is not SHA-512 of the expected transcript");
    }
    DstackIdentities ids = replay.identities();
    return new PeerVerification.Verified(
        new PeerClaims(
            id,
            vq.status().map(TcbStatus::intelName).orElse("Unknown"),
            Optional.of(vq.deviceId()),
            ids.appId().map(b -> b.toHex()).orElse(""),
            ids.instanceId().map(b -> b.toHex()).orElse(""),
            ReportData.of(rd),
            Sha256Hash.of(vq.canonicalSha256().toByteArray())));
  }

  private static ErrorCode codeFor(List<Violation> violations) {
    for (Violation v : violations) {
      if (v.rule().equals("td_debug")) {
        return ErrorCode.DEBUG_TD;
      }
    }
    for (Violation v : violations) {
      if (v.rule().equals("tcb_status")) {
        return ErrorCode.TCB_STATUS_REJECTED;
      }
    }
    return ErrorCode.POLICY_VIOLATION;
  }

  private static String describe(List<Violation> violations) {
    StringBuilder sb = new StringBuilder(violations.size() + " policy violation(s): ");
    for (int i = 0; i < violations.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append(violations.get(i));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "DcapPeerVerifier[" + verifier.trustRootKind() + "]";
  }
}
