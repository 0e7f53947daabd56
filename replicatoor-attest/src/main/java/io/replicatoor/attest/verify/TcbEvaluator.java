package io.replicatoor.attest.verify;

import io.replicatoor.attest.quote.PckExtensions;
import io.replicatoor.attest.quote.SgxReport;
import io.replicatoor.attest.quote.TdReport;
import io.replicatoor.attest.quote.TdReport15;
import io.replicatoor.attest.quote.TeeTcbSvn;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Steps J-N of {@code tdx-quote-verification.md} section 4 (Intel QVL latest semantics). */
final class TcbEvaluator {
  private TcbEvaluator() {}

  private static final Set<TcbStatus> PLATFORM_STATUSES =
      Set.of(
          TcbStatus.UP_TO_DATE,
          TcbStatus.SW_HARDENING_NEEDED,
          TcbStatus.CONFIGURATION_NEEDED,
          TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED,
          TcbStatus.OUT_OF_DATE,
          TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED,
          TcbStatus.REVOKED);
  private static final Set<TcbStatus> ISV_STATUSES =
      Set.of(TcbStatus.UP_TO_DATE, TcbStatus.OUT_OF_DATE, TcbStatus.REVOKED);

  /** A selected level's status, advisories and date. */
  record Graded(TcbStatus status, List<String> advisoryIds, Instant tcbDate) {}

  /** The full outcome. */
  record Evaluation(
      TcbStatus status,
      List<String> advisoryIds,
      Instant tcbDate,
      TcbStatus platformStatus,
      TcbStatus qeStatus,
      Optional<TcbStatus> moduleStatus) {}

  // ---- step J --------------------------------------------------------------------------------

  /** Step J (29-33): QE identity policy and the QE TCB level. */
  static Graded qeIdentity(SgxReport qe, EnclaveIdentity id) throws ReplicatoorException {
    // Step 29: MISCSELECT masked, compared with the unmasked expected value (QVL).
    if ((qe.miscSelect() & id.miscSelectMask()) != id.miscSelect()) {
      throw mismatch("QE MISCSELECT does not match the QE identity");
    }
    // Step 30 (and 32: the mask covers DEBUG and expects 0): all 16 ATTRIBUTES bytes.
    for (int i = 0; i < 16; i++) {
      if ((qe.attributes().unsignedByte(i) & id.attributesMask().unsignedByte(i))
          != id.attributes().unsignedByte(i)) {
        throw mismatch("QE ATTRIBUTES byte " + i + " does not match the QE identity");
      }
    }
    if (qe.isDebug()) {
      throw mismatch("QE is in debug mode");
    }
    // Step 31.
    if (!qe.mrSigner().equals(id.mrSigner())) {
      throw mismatch("QE MRSIGNER " + qe.mrSigner().toHex() + " does not match the QE identity");
    }
    if (qe.isvProdId() != id.isvProdId()) {
      throw mismatch("QE ISVPRODID " + qe.isvProdId() + " != " + id.isvProdId());
    }
    // Step 33.
    Graded g = isvLevel(id.tcbLevels(), qe.isvSvn());
    if (g == null) {
      throw new ReplicatoorException(
          ErrorCode.TCB_NOT_SUPPORTED,
          "QE ISVSVN " + qe.isvSvn() + " is below every QE identity TCB level");
    }
    return g;
  }

  /**
   * The selected level's grade: its status, which must be one of {@code valid} for this kind of
   * level, with its advisories and date.
   *
   * @throws ReplicatoorException {@code TCB_STATUS_UNRECOGNIZED} for an unknown status or one not
   *     valid for {@code levelKind}
   */
  private static Graded graded(
      String status,
      Set<TcbStatus> valid,
      String levelKind,
      List<String> advisoryIds,
      Instant tcbDate)
      throws ReplicatoorException {
    TcbStatus s = TcbStatus.parse(status);
    if (!valid.contains(s)) {
      throw new ReplicatoorException(
          ErrorCode.TCB_STATUS_UNRECOGNIZED, "status " + status + " is not valid for " + levelKind);
    }
    return new Graded(s, advisoryIds, tcbDate);
  }

  /** First level (by isvsvn descending) with {@code isvsvn <= svn}, or null. */
  static Graded isvLevel(List<TcbInfo.IsvLevel> levels, int svn) throws ReplicatoorException {
    List<TcbInfo.IsvLevel> sorted = new ArrayList<>(levels);
    sorted.sort(Comparator.comparingInt(TcbInfo.IsvLevel::isvSvn).reversed());
    for (TcbInfo.IsvLevel l : sorted) {
      if (l.isvSvn() <= svn) {
        return graded(
            l.tcbStatus(), ISV_STATUSES, "an ISV SVN level", l.advisoryIds(), l.tcbDate());
      }
    }
    return null;
  }

  // ---- steps K-N ------------------------------------------------------------------------------

  /** Evaluates an SGX quote (steps L and N without TDX parts). */
  static Evaluation evaluateSgx(PckExtensions pck, TcbInfo info, Graded qe)
      throws ReplicatoorException {
    Graded platform = platformLevel(pck, info, null);
    return converge(platform, qe, Optional.empty());
  }

  /** Evaluates a TDX quote, including the TD 1.5 relaunch rule (step M). */
  static Evaluation evaluateTdx(TdReport td, PckExtensions pck, TcbInfo info, Graded qe)
      throws ReplicatoorException {
    Evaluation launch = evaluateTdxWith(td, td.teeTcbSvn(), pck, info, qe);
    if (!(td instanceof TdReport15 td15)) {
      return launch;
    }
    // Step 43: evaluate again with TEE_TCB_SVN2; a failure there is the result.
    Evaluation current = evaluateTdxWith(td, td15.teeTcbSvn2(), pck, info, qe);
    TcbStatus relaunch = relaunch(launch.status(), current.status());
    if (relaunch == launch.status()) {
      return launch;
    }
    return new Evaluation(
        relaunch,
        launch.advisoryIds(),
        launch.tcbDate(),
        launch.platformStatus(),
        launch.qeStatus(),
        launch.moduleStatus());
  }

  /** Step 44 (QVL latest {@code TDRelaunchCheck}). */
  static TcbStatus relaunch(TcbStatus launch, TcbStatus current) {
    boolean launchOutdated =
        launch == TcbStatus.OUT_OF_DATE || launch == TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
    boolean currentOk =
        current == TcbStatus.UP_TO_DATE
            || current == TcbStatus.SW_HARDENING_NEEDED
            || current == TcbStatus.CONFIGURATION_NEEDED
            || current == TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED;
    if (launchOutdated && currentOk) {
      return launch.needsConfiguration() || current.needsConfiguration()
          ? TcbStatus.TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED
          : TcbStatus.TD_RELAUNCH_ADVISED;
    }
    return launch;
  }

  static Evaluation evaluateTdxWith(
      TdReport td, TeeTcbSvn svn, PckExtensions pck, TcbInfo info, Graded qe)
      throws ReplicatoorException {
    // Step 34.
    int moduleVersion = svn.moduleVersion();
    int moduleSvn = svn.moduleSvn();
    // Step 35: expected signer/attributes.
    TcbInfo.TdxModule base =
        info.tdxModule()
            .orElseThrow(() ->
                new ReplicatoorException(
                    ErrorCode.COLLATERAL_MALFORMED, "TDX TCB info has no tdxModule"));
    var expSigner = base.mrSigner();
    var expAttr = base.attributes();
    Optional<TcbInfo.TdxModuleIdentity> identity = Optional.empty();
    if (moduleVersion > 0) {
      String wanted = String.format(Locale.ROOT, "TDX_%02X", moduleVersion);
      identity =
          info.tdxModuleIdentities().stream()
              .filter(m -> m.id().equalsIgnoreCase(wanted))
              .findFirst();
      if (identity.isEmpty()) {
        throw new ReplicatoorException(
            ErrorCode.TDX_MODULE_MISMATCH, "TCB info has no TDX module identity " + wanted);
      }
      expSigner = identity.get().mrSigner();
      expAttr = identity.get().attributes();
    }
    // Step 36.
    if (!td.mrSignerSeam().equals(expSigner)) {
      throw new ReplicatoorException(
          ErrorCode.TDX_MODULE_MISMATCH, "MRSIGNERSEAM does not match the TDX module identity");
    }
    // Step 37: SEAMATTRIBUTES zero and equal (QVL).
    if (!td.seamAttributes().isZero() || !td.seamAttributes().equals(expAttr)) {
      throw new ReplicatoorException(
          ErrorCode.TDX_MODULE_MISMATCH,
          "SEAMATTRIBUTES "
              + td.seamAttributes().toHex()
              + " is not zero and equal to the expected module attributes");
    }
    // Step 38.
    Optional<Graded> module = Optional.empty();
    if (identity.isPresent()) {
      Graded m = isvLevel(identity.get().tcbLevels(), moduleSvn);
      if (m == null) {
        throw new ReplicatoorException(
            ErrorCode.TCB_NOT_SUPPORTED,
            "TDX module SVN " + moduleSvn + " is below every level of " + identity.get().id());
      }
      module = Optional.of(m);
    }
    Graded platform = platformLevel(pck, info, svn);
    return converge(platform, qe, module);
  }

  /** Step 39: Intel's canonical order (descending SGX components, PCESVN, TDX components). */
  static final Comparator<TcbInfo.Level> CANONICAL =
      ((Comparator<TcbInfo.Level>)
              (a, b) -> {
                int c = lex(a.sgxComponents(), b.sgxComponents());
                if (c != 0) {
                  return c;
                }
                c = Integer.compare(a.pceSvn(), b.pceSvn());
                return c != 0 ? c : lex(a.tdxComponents(), b.tdxComponents());
              })
          .reversed();

  private static int lex(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  /** Steps 39-42; {@code svn} null for SGX. */
  static Graded platformLevel(PckExtensions pck, TcbInfo info, TeeTcbSvn svn)
      throws ReplicatoorException {
    List<TcbInfo.Level> levels = new ArrayList<>(info.tcbLevels());
    levels.sort(CANONICAL);
    // Step 40: indices 0-1 are judged by the module identity when TEE_TCB_SVN[1] > 0.
    int start = svn != null && svn.moduleVersion() > 0 ? 2 : 0;
    for (TcbInfo.Level l : levels) {
      if (matches(pck, l, svn, start)) {
        return graded(
            l.tcbStatus(), PLATFORM_STATUSES, "a platform TCB level", l.advisoryIds(), l.tcbDate());
      }
    }
    // Step 41.
    throw new ReplicatoorException(
        ErrorCode.TCB_NOT_SUPPORTED,
        "no TCB level of FMSPC "
            + info.fmspc().toHex()
            + " matches the platform (PCK components "
            + pck.sgxTcbComponents()
            + ", PCESVN "
            + pck.pceSvn()
            + (svn != null ? ", TEE_TCB_SVN " + svn.toHex() : "")
            + ")");
  }

  static boolean matches(PckExtensions pck, TcbInfo.Level l, TeeTcbSvn svn, int start) {
    for (int i = 0; i < 16; i++) {
      if (pck.sgxTcbComponent(i) < l.sgxComponents().get(i)) {
        return false;
      }
    }
    if (pck.pceSvn() < l.pceSvn()) {
      return false;
    }
    if (svn != null) {
      if (l.tdxComponents().size() != 16) {
        return false;
      }
      for (int i = start; i < 16; i++) {
        if (svn.svn(i) < l.tdxComponents().get(i)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Steps 46-50. */
  static Evaluation converge(Graded platform, Graded qe, Optional<Graded> module)
      throws ReplicatoorException {
    List<TcbStatus> components = new ArrayList<>();
    module.ifPresent(m -> components.add(m.status()));
    components.add(qe.status());
    TcbStatus status = convergeStatus(platform.status(), components);
    // Step 48: platform ++ QE ++ module, later duplicates removed.
    Set<String> adv = new LinkedHashSet<>(platform.advisoryIds());
    adv.addAll(qe.advisoryIds());
    module.ifPresent(m -> adv.addAll(m.advisoryIds()));
    // Step 49: earliest date.
    Instant date = platform.tcbDate();
    if (qe.tcbDate().isBefore(date)) {
      date = qe.tcbDate();
    }
    if (module.isPresent() && module.get().tcbDate().isBefore(date)) {
      date = module.get().tcbDate();
    }
    // Step 50.
    if (status == TcbStatus.REVOKED) {
      throw new ReplicatoorException(
          ErrorCode.TCB_REVOKED,
          "TCB is revoked (platform "
              + platform.status().intelName()
              + ", QE "
              + qe.status().intelName()
              + module.map(m -> ", TDX module " + m.status().intelName()).orElse("")
              + ")");
    }
    return new Evaluation(
        status, List.copyOf(adv), date, platform.status(), qe.status(), module.map(Graded::status));
  }

  /** Step 47: Intel's convergence table. */
  static TcbStatus convergeStatus(TcbStatus platform, List<TcbStatus> components) {
    if (platform == TcbStatus.REVOKED || components.contains(TcbStatus.REVOKED)) {
      return TcbStatus.REVOKED;
    }
    if (components.contains(TcbStatus.OUT_OF_DATE)) {
      return switch (platform) {
        case UP_TO_DATE, SW_HARDENING_NEEDED -> TcbStatus.OUT_OF_DATE;
        case CONFIGURATION_NEEDED, CONFIGURATION_AND_SW_HARDENING_NEEDED ->
            TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
        default -> platform;
      };
    }
    return platform;
  }

  private static ReplicatoorException mismatch(String msg) {
    return new ReplicatoorException(ErrorCode.QE_IDENTITY_MISMATCH, msg);
  }
}
