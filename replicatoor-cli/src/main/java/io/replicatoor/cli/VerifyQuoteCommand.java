package io.replicatoor.cli;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.policy.QuotePolicy;
import io.replicatoor.attest.quote.SgxReport;
import io.replicatoor.attest.quote.TdReport;
import io.replicatoor.attest.quote.TdReport15;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.attest.verify.TcbStatus;
import io.replicatoor.attest.verify.TrustRootKind;
import io.replicatoor.attest.verify.VerifiedQuote;
import io.replicatoor.core.ReplicatoorException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replicatoor verify-quote}: DCAP verification of one quote (see {@code
 * docs/quote-verification.md}). Exit 0 verified, 1 verification failed, 2 usage, 3 policy.
 */
@Command(
    name = "verify-quote",
    mixinStandardHelpOptions = true,
    description =
        "Verify an SGX/TDX DCAP quote against Intel collateral (offline, at an explicit time).")
public final class VerifyQuoteCommand implements Callable<Integer> {

  @Mixin QuoteOption quote;

  @Mixin AtOption at;

  @Mixin JsonOption json;

  @Option(
      names = "--collateral",
      paramLabel = "FILE_OR_DIR",
      description =
          "dcap-qvl collateral.json, or a directory of Intel PCS/PCCS responses. "
              + "Omitted: collateral-free checks only (status null).")
  Path collateral;

  @Option(
      names = "--policy",
      paramLabel = "NAME",
      description =
          "Also apply a relying-party policy; only 'default' exists (exit 3 on violation).")
  String policy;

  @Option(
      names = "--trust-root",
      paramLabel = "PEM",
      description = "Development only: replace the pinned Intel SGX Root CA with this certificate.")
  Path trustRoot;

  @Override
  public Integer call() throws ReplicatoorException {
    if (policy != null && !policy.equals("default")) {
      throw new UsageException("unknown --policy '" + policy + "' (only 'default' exists)");
    }
    byte[] raw = quote.read();
    Instant t = at.clock().instant();
    QuoteVerifier verifier;
    try {
      verifier =
          trustRoot == null
              ? QuoteVerifier.intelProduction()
              : QuoteVerifier.insecureWithCustomTrustRoot(readRoot(trustRoot));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--trust-root " + trustRoot + " is unusable: " + e.getMessage(), e);
    }
    VerifiedQuote vq;
    if (collateral == null) {
      vq = verifier.verifyWithoutCollateral(raw, t);
    } else {
      vq = verifier.verify(raw, loadCollateral(collateral, "--collateral"), t);
    }
    if (policy != null) {
      QuotePolicy p =
          trustRoot == null
              ? QuotePolicy.defaults()
              : QuotePolicy.builder().insecureAllowCustomTrustRoot().build();
      p.check(vq).orThrow();
    }
    Map<String, Object> m = render(vq, policy);
    json.print(m, out -> m.forEach((k, v) -> out.println(k + ": " + (v == null ? "-" : v))));
    return 0;
  }

  /** The JSON object documented in docs/quote-verification.md (byte fields lower-case hex). */
  static Map<String, Object> render(VerifiedQuote vq, String policy) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", vq.status().map(TcbStatus::intelName).orElse(null));
    m.put("advisoryIds", vq.advisoryIds());
    m.put("tcbDate", vq.tcbDate().map(Instant::toString).orElse(null));
    m.put("fmspc", CliHex.of(vq.fmspc().toHex()));
    m.put("pceId", CliHex.of(vq.pceId().toHex()));
    m.put("deviceId", CliHex.of(vq.deviceId().toHex()));
    m.put("version", vq.quote().version());
    m.put("teeType", vq.quote().isTdx() ? "TDX" : "SGX");
    m.put("bodyType", vq.quote().bodyType());
    if (vq.quote().reportBody() instanceof TdReport td) {
      m.put("mrTd", CliHex.of(td.mrTd().toHex()));
      m.put("rtmr0", CliHex.of(td.rtmr0().toHex()));
      m.put("rtmr1", CliHex.of(td.rtmr1().toHex()));
      m.put("rtmr2", CliHex.of(td.rtmr2().toHex()));
      m.put("rtmr3", CliHex.of(td.rtmr3().toHex()));
      m.put("reportData", CliHex.of(td.reportData().toHex()));
      m.put("mrConfigId", CliHex.of(td.mrConfigId().toHex()));
      m.put("mrOwner", CliHex.of(td.mrOwner().toHex()));
      m.put("mrOwnerConfig", CliHex.of(td.mrOwnerConfig().toHex()));
      m.put("tdAttributes", CliHex.of(td.tdAttributes().toHex()));
      m.put("xfam", CliHex.of(td.xfam().toHex()));
      m.put("mrSeam", CliHex.of(td.mrSeam().toHex()));
      m.put("teeTcbSvn", CliHex.of(td.teeTcbSvn().toHex()));
      if (td instanceof TdReport15 t15) {
        m.put("teeTcbSvn2", CliHex.of(t15.teeTcbSvn2().toHex()));
        m.put("mrServiceTd", CliHex.of(t15.mrServiceTd().toHex()));
      }
    } else if (vq.quote().reportBody() instanceof SgxReport sgx) {
      m.put("mrEnclave", CliHex.of(sgx.mrEnclave().toHex()));
      m.put("mrSigner", CliHex.of(sgx.mrSigner().toHex()));
      m.put("isvProdId", sgx.isvProdId());
      m.put("isvSvn", sgx.isvSvn());
      m.put("reportData", CliHex.of(sgx.reportData().toHex()));
    }
    m.put(
        "tcbEvaluationDataNumber",
        vq.tcbEvaluationDataNumber().isPresent() ? vq.tcbEvaluationDataNumber().getAsLong() : null);
    m.put("verifiedAt", vq.verifiedAt().toString());
    m.put("validFrom", vq.validFrom().toString());
    m.put("validUntil", vq.validUntil().toString());
    m.put("trustRoot", vq.trustRoot().jsonName());
    if (policy != null) {
      m.put("policy", policy);
      m.put("policyResult", "accepted");
    }
    if (vq.trustRoot() == TrustRootKind.CUSTOM) {
      m.put("warning", "custom trust root: development only, never use in production");
    }
    return m;
  }

  /** Loads dcap-qvl JSON or a PCS folder, with the shared wording for file errors. */
  static Collateral loadCollateral(Path p, String option) throws ReplicatoorException {
    CliFiles.requireExists(p, option);
    try {
      return Collateral.load(p);
    } catch (IOException e) {
      throw CliFiles.unreadable(p, option, e);
    }
  }

  static X509Certificate readRoot(Path p) {
    byte[] pem = CliFiles.read(p, "--trust-root");
    try (InputStream in = new ByteArrayInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new UsageException(
          "--trust-root " + p + " is not an X.509 certificate (PEM or DER)", e);
    }
  }
}
