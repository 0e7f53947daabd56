package io.replicatoor.attest.verify;

import static io.replicatoor.attest.verify.VerifierFixtures.INTEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.testing.TdxVectors;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vector gives exactly its expected Intel-semantics result (spec section 11.1). */
class VectorVerificationTest {

  static Stream<Arguments> vectorsAndLoaders() {
    return TdxVectors.FULL.stream()
        .flatMap(
            v -> Stream.of(Arguments.of(v, "dcap-qvl json"), Arguments.of(v, "pcs directory")));
  }

  static Collateral load(String vector, String loader) throws Exception {
    return loader.equals("pcs directory")
        ? VerifierFixtures.pcs(vector)
        : VerifierFixtures.json(vector);
  }

  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("vectorsAndLoaders")
  void verify_vectorAtVerifyTime_givesExpectedIntelResult(String vector, String loader)
      throws Exception {
    JsonNode exp = TdxVectors.expected(vector).get("expected_intel_qvl_latest");
    Collateral c = load(vector, loader);
    byte[] quote = TdxVectors.quote(vector);
    Instant t = TdxVectors.verifyAt(vector);
    if (exp.get("status").asText().equals("TCB_NOT_SUPPORTED")) {
      assertThatThrownBy(() -> INTEL.verify(quote, c, t))
          .isInstanceOf(ReplicatoorException.class)
          .satisfies(e ->
              assertThat(((ReplicatoorException) e).errorCode())
                  .isEqualTo(ErrorCode.TCB_NOT_SUPPORTED));
      return;
    }
    VerifiedQuote vq = INTEL.verify(quote, c, t);
    assertThat(vq.status().orElseThrow().intelName()).isEqualTo(exp.get("status").asText());
    List<String> adv = new ArrayList<>();
    exp.get("advisory_ids").forEach(a -> adv.add(a.asText()));
    assertThat(vq.advisoryIds()).isEqualTo(adv);
    assertThat(vq.tcbDate().orElseThrow()).isEqualTo(Instant.parse(exp.get("tcb_date").asText()));
    assertThat(vq.validFrom()).isEqualTo(TdxVectors.windowStart(vector));
    assertThat(vq.validUntil()).isEqualTo(TdxVectors.windowEnd(vector));
    assertThat(vq.trustRoot()).isEqualTo(TrustRootKind.INTEL);
    JsonNode all = TdxVectors.expected(vector);
    assertThat(vq.deviceId().toHex())
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(
                            HexFormat.of().parseHex(all.get("pck_cert").get("ppid").asText()))));
    assertThat(vq.fmspc().toHex()).isEqualToIgnoringCase(all.get("pck_cert").get("fmspc").asText());
    assertThat(vq.tcbEvaluationDataNumber().getAsLong())
        .isEqualTo(all.get("tcb_info").get("tcbEvaluationDataNumber").asLong());
    assertThat(vq.qeStatus().orElseThrow().intelName())
        .isEqualTo(all.get("qe_tcb_level").get("status").asText());
    if (all.get("tdx_module") != null
        && !all.get("tdx_module").isNull()
        && all.get("tdx_module").has("status")) {
      assertThat(vq.moduleStatus().orElseThrow().intelName())
          .isEqualTo(all.get("tdx_module").get("status").asText());
    }
    assertThat(vq.platformStatus().orElseThrow().intelName())
        .isEqualTo(all.get("matched_platform_level_intel").get(1).asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fullVectors")
  void verify_oneSecondPastWindow_collateralExpired(String vector) throws Exception {
    Instant end = TdxVectors.windowEnd(vector);
    assertRefusedOnlyOutside(vector, end, end.plusSeconds(1), ErrorCode.COLLATERAL_EXPIRED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fullVectors")
  void verify_oneSecondBeforeWindow_collateralNotYetValid(String vector) throws Exception {
    Instant start = TdxVectors.windowStart(vector);
    assertRefusedOnlyOutside(
        vector, start, start.minusSeconds(1), ErrorCode.COLLATERAL_NOT_YET_VALID);
  }

  /**
   * {@code vector}'s quote and collateral give {@code code} at {@code outside}, and at {@code edge}
   * of the window no time error (accepted, or TCB_NOT_SUPPORTED for the vectors that expect it).
   */
  static void assertRefusedOnlyOutside(String vector, Instant edge, Instant outside, ErrorCode code)
      throws Exception {
    Collateral c = VerifierFixtures.json(vector);
    byte[] q = TdxVectors.quote(vector);
    assertThat(VerifierFixtures.code(INTEL, q, c, outside)).isEqualTo(code);
    assertThat(VerifierFixtures.code(INTEL, q, c, edge))
        .isIn((Object) null, ErrorCode.TCB_NOT_SUPPORTED);
  }

  @Test
  void verify_skewOfFiveMinutes_acceptsLowerBoundWithinSkewOnly() throws Exception {
    String v = TdxVectors.V01;
    QuoteVerifier skewed = QuoteVerifier.intelProduction().withNotBeforeSkew(Duration.ofMinutes(5));
    Instant start = TdxVectors.windowStart(v);
    assertThat(
            VerifierFixtures.code(
                skewed, TdxVectors.quote(v), VerifierFixtures.json(v), start.minusSeconds(299)))
        .isNull();
    assertThat(
            VerifierFixtures.code(
                skewed, TdxVectors.quote(v), VerifierFixtures.json(v), start.minusSeconds(301)))
        .isEqualTo(ErrorCode.COLLATERAL_NOT_YET_VALID);
    assertThat(
            VerifierFixtures.code(
                skewed,
                TdxVectors.quote(v),
                VerifierFixtures.json(v),
                TdxVectors.windowEnd(v).plusSeconds(1)))
        .isEqualTo(ErrorCode.COLLATERAL_EXPIRED);
  }

  static Stream<String> fullVectors() {
    return TdxVectors.FULL.stream();
  }

  static Stream<String> allQuotes() {
    return Stream.concat(TdxVectors.FULL.stream(), TdxVectors.PARSE_ONLY.stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allQuotes")
  void verifyWithoutCollateral_everyVector_passesCollateralFreeChecks(String vector)
      throws Exception {
    JsonNode exp = TdxVectors.expected(vector);
    Instant t =
        exp.has("verify_at_unix")
            ? TdxVectors.verifyAt(vector)
            : Instant.parse(
                    exp.get("pck_cert").get("validity").get(0).asText().replace("+00:00", "Z"))
                .plusSeconds(86400);
    VerifiedQuote vq = INTEL.verifyWithoutCollateral(TdxVectors.quote(vector), t);
    assertThat(vq.status()).isEmpty();
    assertThat(vq.collateralVerified()).isFalse();
    assertThat(vq.advisoryIds()).isEmpty();
    assertThat(vq.fmspc().toHex()).isEqualToIgnoringCase(exp.get("pck_cert").get("fmspc").asText());
    assertThat(vq.quote().reportBody().reportData().toHex())
        .isEqualTo(
            exp.has("td_report") && !exp.get("td_report").isNull()
                ? exp.get("td_report").get("reportdata").asText()
                : exp.get("enclave_report").get("reportdata").asText());
  }

  @Test
  void verifyWithoutCollateral_beforePckLeafValidity_notYetValid() throws Exception {
    String v = TdxVectors.PARSE_ONLY.get(0);
    Instant t = Instant.parse("2024-06-10T08:08:51Z");
    assertThatThrownBy(() -> INTEL.verifyWithoutCollateral(TdxVectors.quote(v), t))
        .satisfies(e ->
            assertThat(((ReplicatoorException) e).errorCode())
                .isEqualTo(ErrorCode.COLLATERAL_NOT_YET_VALID));
  }

  @Test
  void verify_sameCollateralTwice_cachedAndIdentical() throws Exception {
    QuoteVerifier v = QuoteVerifier.intelProduction();
    String vec = TdxVectors.V01;
    VerifiedQuote a =
        v.verify(TdxVectors.quote(vec), VerifierFixtures.json(vec), TdxVectors.verifyAt(vec));
    assertThat(v.cachedCollateralCount()).isEqualTo(1);
    VerifiedQuote b =
        v.verify(TdxVectors.quote(vec), VerifierFixtures.pcs(vec), TdxVectors.verifyAt(vec));
    // Both loaders yield byte-identical signed content, so the cache key is the same.
    assertThat(v.cachedCollateralCount()).isEqualTo(1);
    assertThat(b.status()).isEqualTo(a.status());
    assertThat(b.validUntil()).isEqualTo(a.validUntil());
    // Time is still checked per call on cached collateral.
    assertThat(
            VerifierFixtures.code(
                v,
                TdxVectors.quote(vec),
                VerifierFixtures.json(vec),
                TdxVectors.windowEnd(vec).plusSeconds(1)))
        .isEqualTo(ErrorCode.COLLATERAL_EXPIRED);
  }

  @Test
  void verify_warmCachesThenTamperedQeParts_stillRejected() throws Exception {
    QuoteVerifier v = QuoteVerifier.intelProduction();
    String vec = TdxVectors.V01;
    byte[] q = TdxVectors.quote(vec);
    var c = VerifierFixtures.json(vec);
    Instant t = TdxVectors.verifyAt(vec);
    v.verify(q, c, t);
    var o = Quote.parse(q).offsets();
    byte[] sig = q.clone();
    sig[o.qeReportSignatureOffset() + 5] ^= 1;
    assertThat(VerifierFixtures.code(v, sig, c, t))
        .isEqualTo(ErrorCode.QE_REPORT_SIGNATURE_INVALID);
    byte[] rep = q.clone();
    rep[o.qeReportOffset() + 5] ^= 1;
    assertThat(VerifierFixtures.code(v, rep, c, t))
        .isEqualTo(ErrorCode.QE_REPORT_SIGNATURE_INVALID);
    byte[] auth = q.clone();
    auth[o.qeAuthDataOffset()] ^= 1;
    assertThat(VerifierFixtures.code(v, auth, c, t)).isEqualTo(ErrorCode.QE_REPORT_DATA_MISMATCH);
    byte[] body = q.clone();
    body[o.bodyOffset() + 1] ^= 1;
    assertThat(VerifierFixtures.code(v, body, c, t)).isEqualTo(ErrorCode.QUOTE_SIGNATURE_INVALID);
    assertThat(VerifierFixtures.code(v, q, c, t)).isNull();
  }

  @Test
  void verify_customRootSameAsIntel_marksCustom() throws Exception {
    X509Certificate root = TdxVectors.rootCertificate();
    QuoteVerifier custom = QuoteVerifier.insecureWithCustomTrustRoot(root);
    VerifiedQuote vq =
        custom.verify(
            TdxVectors.quote(TdxVectors.V01),
            VerifierFixtures.json(TdxVectors.V01),
            TdxVectors.verifyAt(TdxVectors.V01));
    assertThat(vq.trustRoot()).isEqualTo(TrustRootKind.CUSTOM);
    assertThat(custom.trustRootKind()).isEqualTo(TrustRootKind.CUSTOM);
  }

  @Test
  void verify_customRootDifferentFromChain_trustAnchorMismatch() throws Exception {
    // The PCK Platform CA is a CA but not self-signed: unusable as a root.
    assertThatThrownBy(() -> QuoteVerifier.insecureWithCustomTrustRoot(pckCa()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static X509Certificate pckCa() throws Exception {
    var q = Quote.parse(TdxVectors.quote(TdxVectors.V01));
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(
                    q.signatureData().pckCertificatesDer().get(1).toByteArray()));
  }
}
