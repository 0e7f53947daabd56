package io.replicatoor.cli;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.policy.QuotePolicy;
import io.replicatoor.attest.quote.QuoteInput;
import io.replicatoor.attest.quote.SgxReport;
import io.replicatoor.attest.quote.TdReport;
import io.replicatoor.attest.quote.TdReport15;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.attest.verify.TcbStatus;
import io.replicatoor.attest.verify.TrustRootKind;
import io.replicatoor.attest.verify.VerifiedQuote;
import io.replicatoor.core.ReplicatoorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replicatoor verify-quote}: DCAP verification of one quote (see
 * {@code docs/quote-verification.md}). Exit 0 verified, 1 verification failed, 2 usage, 3 policy.
 */
@Command(
    name = "verify-quote",
    mixinStandardHelpOptions = true,
    description = "Verify an SGX/TDX DCAP quote against Intel collateral (offline, at an explicit time).")
public final class VerifyQuoteCommand implements Callable<Integer> {
  /** Largest quote file accepted (hex text of a 64 KiB quote). */
  static final long MAX_QUOTE_FILE = 256 * 1024;

  @Spec CommandSpec spec;

  @Option(names = "--quote", required = true, paramLabel = "FILE",
      description = "Quote file: raw binary or hex text (optional 0x).")
  Path quote;

  @Option(names = "--collateral", paramLabel = "FILE_OR_DIR",
      description = "dcap-qvl collateral.json, or a directory of Intel PCS/PCCS responses. "
          + "Omitted: collateral-free checks only (status null).")
  Path collateral;

  @Option(names = "--at", paramLabel = "TIME",
      description = "Verification time: unix seconds or ISO-8601 (default: now).")
  String at;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--policy", paramLabel = "NAME",
      description = "Also apply a relying-party policy; only 'default' exists (exit 3 on violation).")
  String policy;

  @Option(names = "--trust-root", paramLabel = "PEM",
      description = "Development only: replace the pinned Intel SGX Root CA with this certificate.")
  Path trustRoot;

  @Override
  public Integer call() throws ReplicatoorException {
    if (policy != null && !policy.equals("default")) {
      throw new UsageException("unknown --policy '" + policy + "' (only 'default' exists)");
    }
    byte[] raw = QuoteInput.decode(readFile(quote, "--quote"));
    Instant t = parseTime(at);
    QuoteVerifier verifier;
    try {
      verifier = trustRoot == null
          ? QuoteVerifier.intelProduction()
          : QuoteVerifier.insecureWithCustomTrustRoot(readRoot(trustRoot));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--trust-root " + trustRoot + " is unusable: " + e.getMessage(), e);
    }
    VerifiedQuote vq;
    if (collateral == null) {
      vq = verifier.verifyWithoutCollateral(raw, t);
    } else {
      Collateral c;
      try {
        if (!Files.exists(collateral)) {
          throw new UsageException("--collateral " + collateral + " does not exist");
        }
        c = Collateral.load(collateral);
      } catch (IOException e) {
        throw new UsageException("cannot read --collateral " + collateral + ": " + e.getMessage(), e);
      }
      vq = verifier.verify(raw, c, t);
    }
    if (policy != null) {
      QuotePolicy p = trustRoot == null
          ? QuotePolicy.defaults()
          : QuotePolicy.builder().insecureAllowCustomTrustRoot().build();
      p.check(vq).orThrow();
    }
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> m = render(vq, policy);
    if (json) {
      out.println(JsonOutput.write(m));
    } else {
      m.forEach((k, v) -> out.println(k + ": " + (v == null ? "-" : v)));
    }
    out.flush();
    return 0;
  }

  /** The JSON object documented in docs/quote-verification.md (byte fields lower-case hex). */
  static Map<String, Object> render(VerifiedQuote vq, String policy) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", vq.status().map(TcbStatus::intelName).orElse(null));
    m.put("advisoryIds", vq.advisoryIds());
    m.put("tcbDate", vq.tcbDate().map(Instant::toString).orElse(null));
    m.put("fmspc", vq.fmspc().toHex());
    m.put("pceId", vq.pceId().toHex());
    m.put("deviceId", vq.deviceId().toHex());
    m.put("version", vq.quote().version());
    m.put("teeType", vq.quote().isTdx() ? "TDX" : "SGX");
    m.put("bodyType", vq.quote().bodyType());
    if (vq.quote().reportBody() instanceof TdReport td) {
      m.put("mrTd", td.mrTd().toHex());
      m.put("rtmr0", td.rtmr0().toHex());
      m.put("rtmr1", td.rtmr1().toHex());
      m.put("rtmr2", td.rtmr2().toHex());
      m.put("rtmr3", td.rtmr3().toHex());
      m.put("reportData", td.reportData().toHex());
      m.put("mrConfigId", td.mrConfigId().toHex());
      m.put("mrOwner", td.mrOwner().toHex());
      m.put("mrOwnerConfig", td.mrOwnerConfig().toHex());
      m.put("tdAttributes", td.tdAttributes().toHex());
      m.put("xfam", td.xfam().toHex());
      m.put("mrSeam", td.mrSeam().toHex());
      m.put("teeTcbSvn", td.teeTcbSvn().toHex());
      if (td instanceof TdReport15 t15) {
        m.put("teeTcbSvn2", t15.teeTcbSvn2().toHex());
        m.put("mrServiceTd", t15.mrServiceTd().toHex());
      }
    } else if (vq.quote().reportBody() instanceof SgxReport sgx) {
      m.put("mrEnclave", sgx.mrEnclave().toHex());
      m.put("mrSigner", sgx.mrSigner().toHex());
      m.put("isvProdId", sgx.isvProdId());
      m.put("isvSvn", sgx.isvSvn());
      m.put("reportData", sgx.reportData().toHex());
    }
    m.put("tcbEvaluationDataNumber",
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

  static byte[] readFile(Path p, String option) {
    if (!Files.exists(p)) {
      throw new UsageException(option + " " + p + " does not exist");
    }
    try {
      if (Files.size(p) > MAX_QUOTE_FILE) {
        throw new UsageException(option + " " + p + " is larger than " + MAX_QUOTE_FILE + " bytes");
      }
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UsageException("cannot read " + option + " " + p + ": " + e.getMessage(), e);
    }
  }

  static X509Certificate readRoot(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new UsageException("cannot read --trust-root " + p + " as an X.509 certificate", e);
    }
  }

  static Instant parseTime(String at) {
    if (at == null) {
      return Instant.now(); // the CLI is the edge that owns the clock
    }
    String s = at.strip();
    try {
      if (s.matches("\\d{1,12}")) {
        return Instant.ofEpochSecond(Long.parseLong(s));
      }
      if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant(); // ISO date: 00:00 UTC
      }
      TemporalAccessor p = DateTimeFormatter.ISO_DATE_TIME.parse(s);
      return p.isSupported(ChronoField.OFFSET_SECONDS)
          ? OffsetDateTime.from(p).toInstant()
          : LocalDateTime.from(p).toInstant(ZoneOffset.UTC); // no offset given: UTC
    } catch (DateTimeException | NumberFormatException e) {
      throw new UsageException("--at '" + at + "' is neither unix seconds nor ISO-8601 (e.g. 2025-07-01T00:00:00Z)");
    }
  }
}
