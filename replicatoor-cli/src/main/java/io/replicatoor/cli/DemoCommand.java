package io.replicatoor.cli;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.policy.PolicyResult;
import io.replicatoor.attest.policy.QuotePolicy;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.attest.verify.VerifiedQuote;
import io.replicatoor.core.ReplicatoorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replicatoor demo}: the main job on embedded defaults. For now it verifies a bundled real
 * Intel TDX quote (Phala dcap-qvl sample, see {@code demo/README.md} in the jar) against its
 * bundled collateral with the pinned Intel root at an instant inside the collateral window, then
 * applies the default relying-party policy. Exit codes as for {@code verify-quote}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Verify a bundled real TDX quote end to end (pinned Intel root, offline).")
public final class DemoCommand implements Callable<Integer> {
  /** Inside the bundled collateral's validity window (2025-06-19 .. 2025-07-19). */
  static final Instant DEMO_INSTANT = Instant.parse("2025-07-01T00:00:00Z");

  private static final String RESOURCES = "/io/replicatoor/cli/demo/";

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() throws ReplicatoorException {
    byte[] quote = resource("quote.bin");
    Collateral collateral = Collateral.fromDcapQvlJson(resource("collateral.json"));
    VerifiedQuote vq = QuoteVerifier.intelProduction().verify(quote, collateral, DEMO_INSTANT);
    PolicyResult policy = QuotePolicy.defaults().check(vq);

    Map<String, Object> m = VerifyQuoteCommand.render(vq, null);
    m.put("policy", "default");
    m.put("policyResult", policy instanceof PolicyResult.Accepted ? "accepted" : "rejected");
    if (policy instanceof PolicyResult.Rejected r) {
      m.put("violations", r.violations().stream().map(Object::toString).toList());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JsonOutput.write(m));
    } else {
      out.println(
          "replicatoor demo: verifying a bundled real Intel TDX quote (v4, FMSPC "
              + CliHex.of(vq.fmspc().toHex())
              + ") against its collateral at "
              + DEMO_INSTANT);
      out.println("  DCAP chain to the pinned Intel SGX Root CA, CRLs, TCB info, QE identity: ok");
      out.println(
          "  TCB status: "
              + m.get("status")
              + ", advisories "
              + vq.advisoryIds()
              + ", TCB date "
              + m.get("tcbDate"));
      out.println("  MRTD:  " + m.get("mrTd"));
      out.println("  RTMR0: " + m.get("rtmr0"));
      out.println("  REPORTDATA: " + m.get("reportData"));
      out.println(
          "  default policy: "
              + m.get("policyResult")
              + (m.containsKey("violations") ? " " + m.get("violations") : ""));
    }
    out.flush();
    return policy instanceof PolicyResult.Accepted ? 0 : ErrorExit.POLICY;
  }

  private static byte[] resource(String name) {
    try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("bundled demo resource missing: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Exit code for a policy rejection (see docs/cli.md). */
  private static final class ErrorExit {
    static final int POLICY = io.replicatoor.core.ErrorCode.ExitClass.POLICY.exitCode();
  }
}
