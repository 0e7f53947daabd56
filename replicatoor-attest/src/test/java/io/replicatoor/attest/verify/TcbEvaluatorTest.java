package io.replicatoor.attest.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.attest.quote.Bytes16;
import io.replicatoor.attest.quote.Bytes8;
import io.replicatoor.attest.quote.Fmspc;
import io.replicatoor.attest.quote.PceId;
import io.replicatoor.attest.quote.PckExtensions;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.quote.TdReport;
import io.replicatoor.attest.quote.TdReport15;
import io.replicatoor.attest.quote.TeeTcbSvn;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.testing.TdxVectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Synthetic TCB levels for steps J-N (spec 4.L worked example, 255 vs 254, N.47, M). */
class TcbEvaluatorTest {
  static final Instant D1 = Instant.parse("2024-03-13T00:00:00Z");
  static final Instant D0 = Instant.parse("2023-08-09T00:00:00Z");
  static final TcbEvaluator.Graded QE_OK =
      new TcbEvaluator.Graded(TcbStatus.UP_TO_DATE, List.of(), D1);

  static List<Integer> l(int... v) {
    List<Integer> out = new ArrayList<>();
    for (int x : v) {
      out.add(x);
    }
    while (out.size() < 16) {
      out.add(0);
    }
    return out;
  }

  static TcbInfo.Level level(
      List<Integer> sgx, int pce, List<Integer> tdx, String status, String... adv) {
    return new TcbInfo.Level(
        sgx, pce, tdx, status.equals("UpToDate") ? D1 : D0, status, List.of(adv));
  }

  static PckExtensions pck(List<Integer> comps, int pceSvn) {
    return new PckExtensions(
        Bytes16.zero(),
        comps,
        pceSvn,
        Bytes16.zero(),
        PceId.zero(),
        Fmspc.zero(),
        1,
        Optional.empty(),
        Optional.empty());
  }

  static TcbInfo.TdxModuleIdentity module(String id, String status4, String status2) {
    return new TcbInfo.TdxModuleIdentity(
        id,
        Measurement48.ZERO,
        Bytes8.zero(),
        Bytes8.fromHex("FFFFFFFFFFFFFFFF"),
        List.of(
            new TcbInfo.IsvLevel(4, D1, status4, List.of()),
            new TcbInfo.IsvLevel(2, D0, status2, List.of("INTEL-SA-MODULE"))));
  }

  static TcbInfo info(List<TcbInfo.TdxModuleIdentity> modules, TcbInfo.Level... levels) {
    return new TcbInfo(
        "TDX",
        3,
        D0,
        D1,
        Fmspc.zero(),
        PceId.zero(),
        0,
        17,
        Optional.of(
            new TcbInfo.TdxModule(
                Measurement48.ZERO, Bytes8.zero(), Bytes8.fromHex("FFFFFFFFFFFFFFFF"))),
        modules,
        List.of(levels));
  }

  static TdReport td() throws Exception {
    return Quote.parse(TdxVectors.quote(TdxVectors.V05)).body();
  }

  static TeeTcbSvn svn(String hex) {
    return TeeTcbSvn.fromHex(hex);
  }

  /** Evaluates v05's TD report with TEE_TCB_SVN {@code svnHex}, {@code p} and {@code info}. */
  static TcbEvaluator.Evaluation evaluate(String svnHex, PckExtensions p, TcbInfo info)
      throws Exception {
    return TcbEvaluator.evaluateTdxWith(td(), svn(svnHex), p, info, QE_OK);
  }

  static void assertCode(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ReplicatoorException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
  }

  /** Spec 4.L worked example: TEE_TCB_SVN 04 01 07 00, highest level tdx 05 00 07 00. */
  @Test
  void evaluate_workedExample4L_intelSkipsIndices0And1_upToDate() throws Exception {
    PckExtensions p = pck(l(6, 6, 2, 2, 3, 1, 0, 3), 11);
    TcbInfo.Level high = level(l(2, 2, 2, 2, 3, 1, 0, 3), 11, l(5, 0, 7), "UpToDate");
    TcbInfo.Level low =
        level(
            l(2, 2, 2, 2, 3, 1, 0, 3),
            11,
            l(3, 0, 6),
            "OutOfDate",
            "INTEL-SA-00960",
            "INTEL-SA-00982",
            "INTEL-SA-00986");
    TcbInfo info = info(List.of(module("TDX_01", "UpToDate", "OutOfDate")), high, low);
    TeeTcbSvn s = svn("04010700000000000000000000000000");
    TcbEvaluator.Evaluation e = TcbEvaluator.evaluateTdxWith(td(), s, p, info, QE_OK);
    assertThat(e.status()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertThat(e.advisoryIds()).isEmpty();
    assertThat(e.moduleStatus()).contains(TcbStatus.UP_TO_DATE);
    // The 16-component comparison (dcap-qvl 0.5.2 / Automata) would have rejected the highest
    // level.
    assertThat(TcbEvaluator.matches(p, high, s, 0)).isFalse();
    assertThat(TcbEvaluator.matches(p, high, s, 2)).isTrue();
  }

  @Test
  void evaluate_moduleVersionZero_comparesAll16Components() throws Exception {
    PckExtensions p = pck(l(3, 3, 2, 2, 2, 1, 0, 2), 11);
    TcbInfo.Level high = level(l(3, 3, 2, 2, 2, 1, 0, 2), 11, l(4, 0, 4), "UpToDate");
    TcbInfo.Level low = level(l(3, 3, 2, 2, 2, 1, 0, 2), 11, l(3, 0, 4), "OutOfDate", "INTEL-SA-1");
    TcbInfo info = info(List.of(), high, low);
    TcbEvaluator.Evaluation e = evaluate("03000400000000000000000000000000", p, info);
    assertThat(e.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
    assertThat(e.moduleStatus()).isEmpty();
    assertThat(e.advisoryIds()).containsExactly("INTEL-SA-1");
  }

  @Test
  void evaluate_teeTcbSvn255AgainstLevel254_matchesUnsigned() throws Exception {
    PckExtensions p = pck(l(255, 3), 11);
    TcbInfo.Level lvl = level(l(254, 3), 11, l(0, 0, 254), "UpToDate");
    TcbInfo info = info(List.of(module("TDX_01", "UpToDate", "OutOfDate")), lvl);
    TcbEvaluator.Evaluation e = evaluate("0401ff00000000000000000000000000", p, info);
    assertThat(e.status()).isEqualTo(TcbStatus.UP_TO_DATE);
    // And the other way round: 254 against a level at 255 does not match.
    TcbInfo.Level needs255 = level(l(255, 3), 11, l(0, 0, 255), "UpToDate");
    assertThat(
            TcbEvaluator.matches(
                pck(l(254, 3), 11), needs255, svn("0401ff00000000000000000000000000"), 2))
        .isFalse();
    assertThat(TcbEvaluator.matches(p, needs255, svn("0401fe00000000000000000000000000"), 2))
        .isFalse();
  }

  @Test
  void evaluate_levelsInAscendingOrder_canonicalSortSelectsHighest() throws Exception {
    PckExtensions p = pck(l(5, 5), 11);
    TcbInfo.Level high = level(l(5, 5), 11, l(0, 0, 3), "UpToDate");
    TcbInfo.Level low = level(l(4, 4), 11, l(0, 0, 3), "OutOfDate", "INTEL-SA-2");
    TcbInfo info = info(List.of(module("TDX_01", "UpToDate", "OutOfDate")), low, high);
    assertThat(evaluate("04010300000000000000000000000000", p, info).status())
        .isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void evaluate_belowEveryLevel_tcbNotSupported() throws Exception {
    TcbInfo info =
        info(
            List.of(module("TDX_01", "UpToDate", "OutOfDate")),
            level(l(5, 5), 11, l(0, 0, 3), "UpToDate"));
    assertCode(
        () -> evaluate("04010300000000000000000000000000", pck(l(5, 4), 11), info),
        ErrorCode.TCB_NOT_SUPPORTED);
    assertCode(
        () -> evaluate("04010300000000000000000000000000", pck(l(5, 5), 10), info),
        ErrorCode.TCB_NOT_SUPPORTED);
  }

  @Test
  void evaluate_moduleSvnBelowEveryModuleLevel_tcbNotSupported() throws Exception {
    TcbInfo info =
        info(List.of(module("TDX_01", "UpToDate", "OutOfDate")), level(l(), 0, l(), "UpToDate"));
    assertCode(
        () -> evaluate("01010000000000000000000000000000", pck(l(), 0), info),
        ErrorCode.TCB_NOT_SUPPORTED);
  }

  @Test
  void evaluate_moduleIdentityLowerCaseId_matchesCaseInsensitively() throws Exception {
    TcbInfo info =
        info(List.of(module("tdx_0a", "UpToDate", "OutOfDate")), level(l(), 0, l(), "UpToDate"));
    assertThat(evaluate("040a0000000000000000000000000000", pck(l(), 0), info).moduleStatus())
        .contains(TcbStatus.UP_TO_DATE);
  }

  @Test
  void evaluate_moduleIdentityMissing_tdxModuleMismatch() throws Exception {
    TcbInfo info =
        info(List.of(module("TDX_01", "UpToDate", "OutOfDate")), level(l(), 0, l(), "UpToDate"));
    assertCode(
        () -> evaluate("04030000000000000000000000000000", pck(l(), 0), info),
        ErrorCode.TDX_MODULE_MISMATCH);
  }

  @Test
  void evaluate_moduleOutOfDate_convergesToOutOfDateWithModuleAdvisories() throws Exception {
    TcbInfo info =
        info(
            List.of(module("TDX_01", "UpToDate", "OutOfDate")),
            level(l(), 0, l(), "ConfigurationNeeded", "INTEL-SA-P"));
    TcbEvaluator.Evaluation e =
        TcbEvaluator.evaluateTdxWith(
            td(),
            svn("03010000000000000000000000000000"),
            pck(l(), 0),
            info,
            new TcbEvaluator.Graded(TcbStatus.UP_TO_DATE, List.of("INTEL-SA-P", "INTEL-SA-Q"), D1));
    assertThat(e.status()).isEqualTo(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED);
    assertThat(e.advisoryIds()).containsExactly("INTEL-SA-P", "INTEL-SA-Q", "INTEL-SA-MODULE");
    assertThat(e.tcbDate()).isEqualTo(D0);
  }

  @Test
  void evaluate_unknownPlatformStatus_tcbStatusUnrecognized() throws Exception {
    for (String bad : List.of("Foo", "TDRelaunchAdvised", "uptodate")) {
      TcbInfo info =
          info(List.of(module("TDX_01", "UpToDate", "OutOfDate")), level(l(), 0, l(), bad));
      assertCode(
          () -> evaluate("04010000000000000000000000000000", pck(l(), 0), info),
          ErrorCode.TCB_STATUS_UNRECOGNIZED);
    }
  }

  @Test
  void converge_revokedAnywhere_tcbRevoked() {
    for (var comps :
        List.of(
            new TcbStatus[] {TcbStatus.REVOKED, TcbStatus.UP_TO_DATE},
            new TcbStatus[] {TcbStatus.UP_TO_DATE, TcbStatus.REVOKED})) {
      assertCode(
          () ->
              TcbEvaluator.converge(
                  new TcbEvaluator.Graded(comps[0], List.of(), D1),
                  new TcbEvaluator.Graded(comps[1], List.of(), D1),
                  Optional.empty()),
          ErrorCode.TCB_REVOKED);
    }
  }

  /** Intel convergence (N.47): platform x component -> result. */
  static Stream<Arguments> convergence() {
    return Stream.of(
        Arguments.of(TcbStatus.UP_TO_DATE, TcbStatus.UP_TO_DATE, TcbStatus.UP_TO_DATE),
        Arguments.of(
            TcbStatus.SW_HARDENING_NEEDED, TcbStatus.UP_TO_DATE, TcbStatus.SW_HARDENING_NEEDED),
        Arguments.of(
            TcbStatus.CONFIGURATION_NEEDED, TcbStatus.UP_TO_DATE, TcbStatus.CONFIGURATION_NEEDED),
        Arguments.of(TcbStatus.UP_TO_DATE, TcbStatus.OUT_OF_DATE, TcbStatus.OUT_OF_DATE),
        Arguments.of(TcbStatus.SW_HARDENING_NEEDED, TcbStatus.OUT_OF_DATE, TcbStatus.OUT_OF_DATE),
        Arguments.of(
            TcbStatus.CONFIGURATION_NEEDED,
            TcbStatus.OUT_OF_DATE,
            TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED),
        Arguments.of(
            TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED,
            TcbStatus.OUT_OF_DATE,
            TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED),
        Arguments.of(TcbStatus.OUT_OF_DATE, TcbStatus.OUT_OF_DATE, TcbStatus.OUT_OF_DATE),
        Arguments.of(
            TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED,
            TcbStatus.OUT_OF_DATE,
            TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED),
        Arguments.of(TcbStatus.OUT_OF_DATE, TcbStatus.UP_TO_DATE, TcbStatus.OUT_OF_DATE),
        Arguments.of(TcbStatus.REVOKED, TcbStatus.UP_TO_DATE, TcbStatus.REVOKED),
        Arguments.of(TcbStatus.UP_TO_DATE, TcbStatus.REVOKED, TcbStatus.REVOKED));
  }

  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @MethodSource("convergence")
  void convergeStatus_intelTable_expected(
      TcbStatus platform, TcbStatus component, TcbStatus expected) {
    assertThat(TcbEvaluator.convergeStatus(platform, List.of(component))).isEqualTo(expected);
    assertThat(TcbEvaluator.convergeStatus(platform, List.of(TcbStatus.UP_TO_DATE, component)))
        .isEqualTo(expected);
  }

  /** Step 44 relaunch rules (QVL latest). */
  static Stream<Arguments> relaunch() {
    return Stream.of(
        Arguments.of(TcbStatus.OUT_OF_DATE, TcbStatus.UP_TO_DATE, TcbStatus.TD_RELAUNCH_ADVISED),
        Arguments.of(
            TcbStatus.OUT_OF_DATE, TcbStatus.SW_HARDENING_NEEDED, TcbStatus.TD_RELAUNCH_ADVISED),
        Arguments.of(
            TcbStatus.OUT_OF_DATE,
            TcbStatus.CONFIGURATION_NEEDED,
            TcbStatus.TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED),
        Arguments.of(
            TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED,
            TcbStatus.UP_TO_DATE,
            TcbStatus.TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED),
        Arguments.of(
            TcbStatus.OUT_OF_DATE,
            TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED,
            TcbStatus.TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED),
        Arguments.of(TcbStatus.OUT_OF_DATE, TcbStatus.OUT_OF_DATE, TcbStatus.OUT_OF_DATE),
        Arguments.of(TcbStatus.UP_TO_DATE, TcbStatus.UP_TO_DATE, TcbStatus.UP_TO_DATE),
        Arguments.of(
            TcbStatus.SW_HARDENING_NEEDED, TcbStatus.UP_TO_DATE, TcbStatus.SW_HARDENING_NEEDED),
        Arguments.of(
            TcbStatus.CONFIGURATION_NEEDED, TcbStatus.OUT_OF_DATE, TcbStatus.CONFIGURATION_NEEDED));
  }

  @ParameterizedTest(name = "launch {0}, current {1} -> {2}")
  @MethodSource("relaunch")
  void relaunch_qvlLatestRules_expected(TcbStatus launch, TcbStatus current, TcbStatus expected) {
    assertThat(TcbEvaluator.relaunch(launch, current)).isEqualTo(expected);
  }

  @Test
  void evaluateTdx_td15OutdatedLaunchCurrentUpToDate_relaunchAdvised() throws Exception {
    // The v04 TD 1.5 body with synthetic levels: launch SVN is OutOfDate, SVN2 UpToDate.
    Quote q = Quote.parse(TdxVectors.quote(TdxVectors.V04));
    TdReport td = q.body();
    // v04: TEE_TCB_SVN = TEE_TCB_SVN2 = 05 01 02; module TDX_01 levels at isvsvn 4 / 2.
    PckExtensions p = pck(l(2, 2), 13);
    TcbInfo.Level high = level(l(2, 2), 13, l(0, 0, 3), "UpToDate");
    TcbInfo.Level low = level(l(2, 2), 13, l(0, 0, 2), "OutOfDate", "INTEL-SA-L");
    TcbInfo info = info(List.of(module("TDX_01", "UpToDate", "OutOfDate")), high, low);
    TcbEvaluator.Evaluation e = TcbEvaluator.evaluateTdx(td, p, info, QE_OK);
    // Launch and current are the same SVN (02 at index 2): OutOfDate, no relaunch advice.
    assertThat(e.status()).isEqualTo(TcbStatus.OUT_OF_DATE);
    // A TD-preserving module update raised TEE_TCB_SVN2 to 03 at index 2: relaunch advised.
    TdReport15 t15 = (TdReport15) td;
    TdReport15 updated =
        new TdReport15(t15.base(), svn("05010300000000000000000000000000"), t15.mrServiceTd());
    TcbEvaluator.Evaluation r = TcbEvaluator.evaluateTdx(updated, p, info, QE_OK);
    assertThat(r.status()).isEqualTo(TcbStatus.TD_RELAUNCH_ADVISED);
    assertThat(r.advisoryIds()).containsExactly("INTEL-SA-L");
    // SVN2 below every level: the failure of the second evaluation is the result.
    TdReport15 broken =
        new TdReport15(t15.base(), svn("05010100000000000000000000000000"), t15.mrServiceTd());
    assertCode(() -> TcbEvaluator.evaluateTdx(broken, p, info, QE_OK), ErrorCode.TCB_NOT_SUPPORTED);
  }

  @Test
  void qeIdentity_mismatchesAndUnsupportedIsvSvn_specificErrors() throws Exception {
    Quote q = Quote.parse(TdxVectors.quote(TdxVectors.V01));
    var qe = q.signatureData().qeReport();
    EnclaveIdentity ok = identity(qe.mrSigner().toHex(), 2, 4, "FBFFFFFFFFFFFFFF0000000000000000");
    assertThat(TcbEvaluator.qeIdentity(qe, ok).status()).isEqualTo(TcbStatus.UP_TO_DATE);
    assertCode(
        () ->
            TcbEvaluator.qeIdentity(
                qe, identity("00".repeat(32), 2, 4, "FBFFFFFFFFFFFFFF0000000000000000")),
        ErrorCode.QE_IDENTITY_MISMATCH);
    assertCode(
        () ->
            TcbEvaluator.qeIdentity(
                qe, identity(qe.mrSigner().toHex(), 1, 4, "FBFFFFFFFFFFFFFF0000000000000000")),
        ErrorCode.QE_IDENTITY_MISMATCH);
    assertCode(
        () ->
            TcbEvaluator.qeIdentity(
                qe, identity(qe.mrSigner().toHex(), 2, 7, "FBFFFFFFFFFFFFFF0000000000000000")),
        ErrorCode.TCB_NOT_SUPPORTED);
    // Attribute mask covering the XFRM bytes: the QE's XFRM (e7) no longer matches the expected 0.
    assertCode(
        () ->
            TcbEvaluator.qeIdentity(
                qe, identity(qe.mrSigner().toHex(), 2, 4, "FBFFFFFFFFFFFFFFFF00000000000000")),
        ErrorCode.QE_IDENTITY_MISMATCH);
  }

  static EnclaveIdentity identity(String mrSigner, int prodId, int minSvn, String attrMask) {
    return new EnclaveIdentity(
        "TD_QE",
        2,
        D0,
        D1,
        17,
        0,
        0xFFFFFFFFL,
        Bytes16.fromHex("11000000000000000000000000000000"),
        Bytes16.fromHex(attrMask),
        Bytes32.fromHex(mrSigner),
        prodId,
        List.of(new TcbInfo.IsvLevel(minSvn, D1, "UpToDate", List.of())));
  }

  interface Call {
    Object run() throws Exception;
  }

  static void assertCode(Call c, ErrorCode code) {
    assertThatThrownBy(c::run)
        .satisfies(e -> assertThat(((ReplicatoorException) e).errorCode()).isEqualTo(code));
  }

  @Test
  void tcbStatus_parse_strictIntelNames() throws Exception {
    for (TcbStatus s : TcbStatus.values()) {
      assertThat(TcbStatus.parse(s.intelName())).isEqualTo(s);
    }
    assertCode(() -> TcbStatus.parse("UPTODATE"), ErrorCode.TCB_STATUS_UNRECOGNIZED);
    assertThat(TcbStatus.REVOKED.severity()).isGreaterThan(TcbStatus.OUT_OF_DATE.severity());
    assertThat(HexFormat.of().formatHex(new byte[] {1})).isEqualTo("01");
  }
}
