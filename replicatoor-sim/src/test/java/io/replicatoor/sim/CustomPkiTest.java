package io.replicatoor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.policy.PolicyResult;
import io.replicatoor.attest.policy.QuotePolicy;
import io.replicatoor.attest.policy.Violation;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.attest.verify.TcbStatus;
import io.replicatoor.attest.verify.TrustRootKind;
import io.replicatoor.attest.verify.VerifiedQuote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Verifier cases that need a signing key: revocation, revoked TCB level, debug TD, CRL extensions.
 * The PKI ({@link TestPki}) is built with the development PKI's builders, so these tests live
 * beside the simulator (replicatoor-sim) rather than in replicatoor-attest.
 */
class CustomPkiTest {
  private static final QuoteVerifier INTEL = QuoteVerifier.intelProduction();

  /** Runs a verification and returns the error code, or null on success. */
  static ErrorCode code(QuoteVerifier v, byte[] quote, Collateral c, Instant t) {
    ReplicatoorException e =
        catchThrowableOfType(ReplicatoorException.class, () -> v.verify(quote, c, t));
    return e == null ? null : e.errorCode();
  }

  static TestPki pki(Consumer<TestPki.Options> tweak) throws Exception {
    TestPki.Options o = new TestPki.Options();
    tweak.accept(o);
    return new TestPki(o);
  }

  static ErrorCode code(TestPki p) {
    return code(p.verifier(), p.quote, p.collateral, TestPki.NOW);
  }

  @Test
  void verify_validCustomPki_upToDateMarkedCustom() throws Exception {
    TestPki p = pki(o -> {});
    VerifiedQuote vq = p.verifier().verify(p.quote, p.collateral, TestPki.NOW);
    assertThat(vq.status()).contains(TcbStatus.UP_TO_DATE);
    assertThat(vq.trustRoot()).isEqualTo(TrustRootKind.CUSTOM);
    assertThat(vq.tcbEvaluationDataNumber().getAsLong()).isEqualTo(19);
    assertThat(vq.fmspc().toHex()).isEqualTo(TestPki.FMSPC);
    assertThat(vq.pckExtensions().configuration().orElseThrow().cachedKeys()).contains(false);
    // The same quote under the Intel root: the chain's root is not the pinned one.
    assertThat(code(INTEL, p.quote, p.collateral, TestPki.NOW))
        .isEqualTo(ErrorCode.TRUST_ANCHOR_MISMATCH);
    // Default policy rejects the custom root, and nothing else.
    PolicyResult r = QuotePolicy.defaults().check(vq);
    assertThat(((PolicyResult.Rejected) r).violations())
        .extracting(Violation::rule)
        .containsExactly("trust_root");
  }

  @Test
  void verify_leafInPckCrl_pckRevoked() throws Exception {
    assertThat(code(pki(o -> o.revokeLeaf = true))).isEqualTo(ErrorCode.PCK_REVOKED);
  }

  @Test
  void verify_pckCaInRootCrl_pckRevoked() throws Exception {
    assertThat(code(pki(o -> o.revokePckCa = true))).isEqualTo(ErrorCode.PCK_REVOKED);
  }

  @Test
  void verify_tcbSignerInRootCrl_collateralSignatureInvalid() throws Exception {
    assertThat(code(pki(o -> o.revokeTcbSigner = true)))
        .isEqualTo(ErrorCode.COLLATERAL_SIGNATURE_INVALID);
  }

  @Test
  void verify_crlWithoutCrlNumber_crlInvalid() throws Exception {
    assertThat(code(pki(o -> o.crlWithoutNumber = true))).isEqualTo(ErrorCode.CRL_INVALID);
  }

  @Test
  void verify_platformLevelRevoked_tcbRevoked() throws Exception {
    assertThat(code(pki(o -> o.platformStatus = "Revoked"))).isEqualTo(ErrorCode.TCB_REVOKED);
  }

  @Test
  void verify_platformLevelUnknownStatus_tcbStatusUnrecognized() throws Exception {
    assertThat(code(pki(o -> o.platformStatus = "Compromised")))
        .isEqualTo(ErrorCode.TCB_STATUS_UNRECOGNIZED);
  }

  @Test
  void verify_platformBelowLevel_tcbNotSupported() throws Exception {
    assertThat(code(pki(o -> o.pckComponent0 = 4))).isEqualTo(ErrorCode.TCB_NOT_SUPPORTED);
  }

  @Test
  void verify_pckComponent255_matchesLevel5() throws Exception {
    assertThat(code(pki(o -> o.pckComponent0 = 255))).isNull();
  }

  @Test
  void verify_qeIdentityVersion3_rejectedUnlessAccepted() throws Exception {
    TestPki p = pki(o -> o.qeIdentityVersion = 3);
    assertThat(code(p)).isEqualTo(ErrorCode.COLLATERAL_MISMATCH);
    assertThat(
            p.verifier()
                .withAcceptedQeIdentityVersions(Set.of(2, 3))
                .verify(p.quote, p.collateral, TestPki.NOW)
                .status())
        .contains(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_expiredPckLeaf_collateralExpired() throws Exception {
    assertThat(code(pki(o -> o.leafNotAfter = TestPki.NOW.minusSeconds(1))))
        .isEqualTo(ErrorCode.COLLATERAL_EXPIRED);
  }

  @Test
  void policy_debugTd_rejectedUnlessInsecurelyAllowed() throws Exception {
    TestPki p = pki(o -> o.tdAttributes = (1L << 28) | 1L);
    VerifiedQuote vq = p.verifier().verify(p.quote, p.collateral, TestPki.NOW);
    QuotePolicy dev = QuotePolicy.builder().insecureAllowCustomTrustRoot().build();
    assertThat(((PolicyResult.Rejected) dev.check(vq)).violations())
        .extracting(Violation::rule)
        .containsExactly("td_debug");
    assertThat(
            QuotePolicy.builder()
                .insecureAllowCustomTrustRoot()
                .insecureAllowDebugTd()
                .build()
                .check(vq)
                .accepted())
        .isTrue();
  }

  @Test
  void policy_migratableWithoutSeptVeDisable_everyViolationListed() throws Exception {
    TestPki p = pki(o -> o.tdAttributes = (1L << 29) | 1L | (1L << 5));
    VerifiedQuote vq = p.verifier().verify(p.quote, p.collateral, TestPki.NOW);
    assertThat(((PolicyResult.Rejected) QuotePolicy.defaults().check(vq)).violations())
        .extracting(Violation::rule)
        .containsExactly(
            "trust_root", "td_debug", "td_sept_ve_disable", "td_migratable", "td_attributes");
  }

  @Test
  void verify_tcbInfoPceIdDiffers_collateralMismatch() throws Exception {
    assertThat(code(pki(o -> o.tcbInfoPceId = "0001"))).isEqualTo(ErrorCode.COLLATERAL_MISMATCH);
  }

  @Test
  void verify_nonZeroMrSignerSeam_tdxModuleMismatch() throws Exception {
    assertThat(code(pki(o -> o.mrSignerSeam0 = 1))).isEqualTo(ErrorCode.TDX_MODULE_MISMATCH);
  }

  @Test
  void verify_moduleVersionWithoutIdentity_tdxModuleMismatch() throws Exception {
    assertThat(code(pki(o -> o.teeTcbSvn = new byte[] {4, 2, 3})))
        .isEqualTo(ErrorCode.TDX_MODULE_MISMATCH);
  }

  @Test
  void verify_v4LaunchSvnOnlyMatchesOldLevel_outOfDateWithAdvisory() throws Exception {
    TestPki p = pki(o -> o.teeTcbSvn = new byte[] {4, 1, 2});
    VerifiedQuote vq = p.verifier().verify(p.quote, p.collateral, TestPki.NOW);
    assertThat(vq.status()).contains(TcbStatus.OUT_OF_DATE);
    assertThat(vq.advisoryIds()).containsExactly("INTEL-SA-OLD");
  }

  @Test
  void verify_td15BothSvnsCurrent_upToDate() throws Exception {
    TestPki p = pki(o -> o.td15 = true);
    VerifiedQuote vq = p.verifier().verify(p.quote, p.collateral, TestPki.NOW);
    assertThat(vq.quote().version()).isEqualTo(5);
    assertThat(vq.quote().signedLength()).isEqualTo(702);
    assertThat(vq.status()).contains(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_td15LaunchOutdatedCurrentUpToDate_tdRelaunchAdvised() throws Exception {
    TestPki p =
        pki(o -> {
          o.td15 = true;
          o.teeTcbSvn = new byte[] {4, 1, 2};
          o.teeTcbSvn2 = new byte[] {4, 1, 3};
        });
    VerifiedQuote vq = p.verifier().verify(p.quote, p.collateral, TestPki.NOW);
    assertThat(vq.status()).contains(TcbStatus.TD_RELAUNCH_ADVISED);
    assertThat(vq.advisoryIds()).containsExactly("INTEL-SA-OLD");
    QuotePolicy dev = QuotePolicy.builder().insecureAllowCustomTrustRoot().build();
    assertThat(((PolicyResult.Rejected) dev.check(vq)).violations())
        .extracting(Violation::rule)
        .containsExactly("tcb_status");
  }

  @Test
  void verify_td15CurrentSvnBelowEveryLevel_tcbNotSupported() throws Exception {
    assertThat(
            code(
                pki(o -> {
                  o.td15 = true;
                  o.teeTcbSvn2 = new byte[] {4, 1, 1};
                })))
        .isEqualTo(ErrorCode.TCB_NOT_SUPPORTED);
  }

  @Test
  void verify_manyThreadsOneVerifier_allAgree() throws Exception {
    TestPki good = pki(o -> {});
    TestPki revoked = pki(o -> o.revokeLeaf = true);
    QuoteVerifier shared = QuoteVerifier.insecureWithCustomTrustRoot(good.rootCert);
    QuoteVerifier sharedRevoked = QuoteVerifier.insecureWithCustomTrustRoot(revoked.rootCert);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ErrorCode>> ok = new ArrayList<>();
      List<Future<ErrorCode>> bad = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ok.add(pool.submit(() -> code(shared, good.quote, good.collateral, TestPki.NOW)));
        bad.add(
            pool.submit(() -> code(sharedRevoked, revoked.quote, revoked.collateral, TestPki.NOW)));
      }
      for (var f : ok) {
        assertThat(f.get()).isNull();
      }
      for (var f : bad) {
        assertThat(f.get()).isEqualTo(ErrorCode.PCK_REVOKED);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
