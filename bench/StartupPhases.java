package io.replicatoor.cli;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.attest.verify.VerifiedQuote;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Where a cold {@code verify-quote} spends its time: the main thread's CPU time (immune to other
 * processes' load) for each step of the command, in a fresh JVM. Not part of the build; see
 * docs/benchmarks.md "Startup" for how to run it (compiled against the CLI jar, run with the
 * launcher's AOT cache from the checkout's root).
 */
public final class StartupPhases {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final StringBuilder OUT = new StringBuilder();
  private static long last;

  private StartupPhases() {}

  private static void mark(String step) {
    long now = THREADS.getCurrentThreadCpuTime();
    OUT.append(String.format("%s=%.1f ", step, (now - last) / 1e6));
    last = now;
  }

  public static void main(String[] a) throws Exception {
    last = THREADS.getCurrentThreadCpuTime();
    OUT.append(String.format("jvm=%.1f ", last / 1e6));
    String[] args = {
      "verify-quote", "--quote", "examples/quote.bin",
      "--collateral", "examples/collateral.json", "--at", "2025-07-01T00:00:00Z"
    };
    Main.commandLineFor(args).parseArgs(args);
    mark("picocli");
    byte[] raw = QuoteFile.read(Path.of("examples/quote.bin"), "--quote");
    Instant t = CliTime.parse("2025-07-01T00:00:00Z", "--at");
    mark("quoteFile");
    QuoteVerifier v = QuoteVerifier.intelProduction();
    mark("intelRoot");
    Collateral c =
        VerifyQuoteCommand.loadCollateral(Path.of("examples/collateral.json"), "--collateral");
    mark("collateralLoad");
    VerifiedQuote vq = v.verify(raw, c, t);
    mark("verify");
    Map<String, Object> m = VerifyQuoteCommand.render(vq, null);
    JsonOutput.write(m);
    mark("render");
    OUT.append(String.format("total=%.1f", THREADS.getCurrentThreadCpuTime() / 1e6));
    System.out.println(OUT);
  }
}
