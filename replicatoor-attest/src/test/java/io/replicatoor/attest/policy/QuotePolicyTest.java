package io.replicatoor.attest.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.quote.Bytes8;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.attest.verify.TcbStatus;
import io.replicatoor.attest.verify.VerifiedQuote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.testing.TdxVectors;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuotePolicyTest {
  static final QuoteVerifier V = QuoteVerifier.intelProduction();

  static VerifiedQuote verified(String vector) throws Exception {
    return V.verify(
        TdxVectors.quote(vector),
        Collateral.fromDcapQvlJson(TdxVectors.file(vector, "collateral.json")),
        TdxVectors.verifyAt(vector));
  }

  static List<String> rules(PolicyResult r) {
    return r instanceof PolicyResult.Rejected rej
        ? rej.violations().stream().map(Violation::rule).toList()
        : List.of();
  }

  @Test
  void defaults_v01UpToDate_accepted() throws Exception {
    PolicyResult r = QuotePolicy.defaults().check(verified(TdxVectors.V01));
    assertThat(r).isInstanceOf(PolicyResult.Accepted.class);
    assertThat(r.orThrow().status()).contains(TcbStatus.UP_TO_DATE);
  }

  @Test
  void accepted_isConstructibleOnlyInsideThePolicyPackage() {
    // Code outside io.replicatoor.attest.policy cannot write `new PolicyResult.Accepted(q)`: the
    // only constructor is package-private, the class is final, and it is not a record (a public
    // record always has a public canonical constructor).
    Class<?> c = PolicyResult.Accepted.class;
    assertThat(c.isRecord()).isFalse();
    assertThat(Modifier.isFinal(c.getModifiers())).isTrue();
    assertThat(c.getConstructors()).isEmpty();
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      int m = k.getModifiers();
      assertThat(Modifier.isPublic(m) || Modifier.isProtected(m)).as(k.toString()).isFalse();
    }
  }

  @Test
  void defaults_v04ServiceTdBound_rejectedForMrServiceTd() throws Exception {
    PolicyResult r = QuotePolicy.defaults().check(verified(TdxVectors.V04));
    assertThat(rules(r)).containsExactly("mr_service_td");
    assertThat(
            QuotePolicy.builder()
                .insecureAllowServiceTd()
                .build()
                .check(verified(TdxVectors.V04))
                .accepted())
        .isTrue();
  }

  @Test
  void defaults_v05OutOfDate_rejectedForStatus() throws Exception {
    PolicyResult r = QuotePolicy.defaults().check(verified(TdxVectors.V05));
    assertThat(rules(r)).containsExactly("tcb_status");
    assertThatThrownBy(r::orThrow)
        .satisfies(e ->
            assertThat(((ReplicatoorException) e).errorCode())
                .isEqualTo(ErrorCode.POLICY_VIOLATION))
        .hasMessageContaining("OutOfDate");
  }

  @Test
  void defaults_v08SgxConfigurationNeeded_rejectedForStatusAndTeeType() throws Exception {
    assertThat(rules(QuotePolicy.defaults().check(verified(TdxVectors.V08))))
        .containsExactly("tcb_status", "tee_type");
  }

  @Test
  void orThrow_v08TwoViolations_exceptionCarriesEveryViolation() throws Exception {
    PolicyResult r = QuotePolicy.defaults().check(verified(TdxVectors.V08));
    assertThatThrownBy(r::orThrow)
        .isInstanceOfSatisfying(
            PolicyViolationException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.POLICY_VIOLATION);
              assertThat(e.violations())
                  .extracting(Violation::rule)
                  .containsExactly("tcb_status", "tee_type");
            })
        .hasMessageContaining("2 policy violation(s)");
  }

  @Test
  void defaults_v07WithoutCollateral_rejectedForStatusAndSeptVeDisable() throws Exception {
    VerifiedQuote q =
        V.verifyWithoutCollateral(
            TdxVectors.quote(TdxVectors.V07), TdxVectors.verifyAt(TdxVectors.V07));
    // PKS (bit 30) is allowed; SEPT_VE_DISABLE (bit 28) is missing.
    assertThat(rules(QuotePolicy.defaults().check(q)))
        .containsExactly("tcb_status", "td_sept_ve_disable");
  }

  @Test
  void check_severalRulesBroken_reportsEveryViolation() throws Exception {
    QuotePolicy strict =
        QuotePolicy.builder()
            .minTcbEvaluationDataNumber(18)
            .maxCollateralAge(Duration.ofHours(1))
            .expectXfam(Set.of(0x3L))
            .minTcbDate(Instant.parse("2025-01-01T00:00:00Z"))
            .allowOnlyAdvisoryIds(Set.of())
            .build();
    List<String> r = rules(strict.check(verified(TdxVectors.V05)));
    assertThat(r)
        .containsExactly(
            "tcb_status",
            "advisory_ids",
            "tcb_evaluation_data_number",
            "tcb_evaluation_data_number",
            "tcb_date",
            "collateral_age",
            "collateral_age",
            "collateral_age",
            "xfam");
    List<String> r4 = rules(strict.check(verified(TdxVectors.V04)));
    assertThat(r4)
        .contains("mr_service_td", "collateral_age", "tcb_evaluation_data_number", "xfam");
  }

  @Test
  void check_collateralAgeBound_exactBoundary() throws Exception {
    VerifiedQuote q = verified(TdxVectors.V01);
    Instant oldest = q.tcbInfo().orElseThrow().issueDate();
    for (Instant i :
        List.of(q.qeIdentity().orElseThrow().issueDate(), q.pckCrlThisUpdate().orElseThrow())) {
      if (i.isBefore(oldest)) {
        oldest = i;
      }
    }
    Duration age = Duration.between(oldest, q.verifiedAt());
    assertThat(QuotePolicy.builder().maxCollateralAge(age).build().check(q).accepted()).isTrue();
    assertThat(rules(QuotePolicy.builder().maxCollateralAge(age.minusSeconds(1)).build().check(q)))
        .contains("collateral_age");
  }

  @Test
  void check_customTrustRoot_rejectedUnlessAllowed() throws Exception {
    X509Certificate root = TdxVectors.rootCertificate();
    VerifiedQuote q =
        QuoteVerifier.insecureWithCustomTrustRoot(root)
            .verify(
                TdxVectors.quote(TdxVectors.V01),
                Collateral.fromDcapQvlJson(TdxVectors.file(TdxVectors.V01, "collateral.json")),
                TdxVectors.verifyAt(TdxVectors.V01));
    assertThat(rules(QuotePolicy.defaults().check(q))).containsExactly("trust_root");
    assertThat(QuotePolicy.builder().insecureAllowCustomTrustRoot().build().check(q).accepted())
        .isTrue();
  }

  @Test
  void builder_weakeningsGuarded_illegalArguments() {
    assertThatThrownBy(() -> QuotePolicy.builder().acceptStatuses(Set.of(TcbStatus.REVOKED)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuotePolicy.builder().acceptStatuses(Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuotePolicy.builder().allowTdAttributeBits(QuotePolicy.TD_DEBUG))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> QuotePolicy.builder().maxCollateralAge(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Bytes8 le(long v) {
    return Bytes8.of(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
  }

  @Test
  void tdAttributes_table_distinctViolations() {
    long sept = QuotePolicy.TD_SEPT_VE_DISABLE;
    long allowed = QuotePolicy.DEFAULT_ALLOWED_TD_ATTRIBUTES;
    assertThat(QuotePolicy.tdAttributeViolations(le(sept), allowed, false)).isEmpty();
    assertThat(
            QuotePolicy.tdAttributeViolations(
                le(sept | QuotePolicy.TD_PKS | QuotePolicy.TD_KL | QuotePolicy.TD_PERFMON),
                allowed,
                false))
        .isEmpty();
    assertThat(
            rulesOf(
                QuotePolicy.tdAttributeViolations(le(sept | QuotePolicy.TD_DEBUG), allowed, false)))
        .containsExactly("td_debug");
    assertThat(QuotePolicy.tdAttributeViolations(le(sept | QuotePolicy.TD_DEBUG), allowed, true))
        .isEmpty();
    assertThat(rulesOf(QuotePolicy.tdAttributeViolations(le(0), allowed, false)))
        .containsExactly("td_sept_ve_disable");
    assertThat(
            rulesOf(
                QuotePolicy.tdAttributeViolations(
                    le(sept | QuotePolicy.TD_MIGRATABLE), allowed, false)))
        .containsExactly("td_migratable");
    assertThat(rulesOf(QuotePolicy.tdAttributeViolations(le(sept | 0x2L), allowed, false)))
        .containsExactly("td_attributes");
    assertThat(rulesOf(QuotePolicy.tdAttributeViolations(le(sept | (1L << 40)), allowed, false)))
        .containsExactly("td_attributes");
    assertThat(
            rulesOf(
                QuotePolicy.tdAttributeViolations(
                    le(QuotePolicy.TD_DEBUG | QuotePolicy.TD_MIGRATABLE | 0x4L), allowed, false)))
        .containsExactly("td_debug", "td_sept_ve_disable", "td_migratable", "td_attributes");
  }

  @Test
  void xfam_table_fixedBitsAndPin() {
    assertThat(QuotePolicy.xfamViolations(le(0x602e7L), Optional.empty())).isEmpty();
    assertThat(rulesOf(QuotePolicy.xfamViolations(le(0x602e4L), Optional.empty())))
        .containsExactly("xfam");
    assertThat(rulesOf(QuotePolicy.xfamViolations(le(0x602e7L | (1L << 20)), Optional.empty())))
        .containsExactly("xfam");
    assertThat(rulesOf(QuotePolicy.xfamViolations(le(0x602e7L), Optional.of(Set.of(0x642e7L)))))
        .containsExactly("xfam");
    assertThat(QuotePolicy.xfamViolations(le(0x642e7L), Optional.of(Set.of(0x642e7L)))).isEmpty();
  }

  static List<String> rulesOf(List<Violation> v) {
    return v.stream().map(Violation::rule).toList();
  }
}
