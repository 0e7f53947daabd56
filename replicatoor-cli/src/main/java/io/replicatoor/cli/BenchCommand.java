package io.replicatoor.cli;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.verify.VerifyBenchmark;
import io.replicatoor.core.ReplicatoorException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replicatoor bench ...}: performance measurements (docs/benchmarks.md). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Performance measurements.",
    subcommands = {
      BenchCommand.VerifyQuote.class,
      DevBenchCommands.Server.class,
      DevBenchCommands.Handover.class,
      DevBenchCommands.OnboardBurst.class
    })
public final class BenchCommand extends CommandGroup {
  /** {@code bench verify-quote}: warm and cold full-verification time for one quote. */
  @Command(
      name = "verify-quote",
      mixinStandardHelpOptions = true,
      description = {
        "Times full verification of one quote, warm and cold.",
        "After a warm-up it prints 'warm: X ms/quote' (one verifier reused: verified collateral"
            + " cached) and 'cold: Y ms/quote' (a fresh verifier per quote: nothing cached)."
      })
  static final class VerifyQuote extends BenchMeasurement {
    @Mixin QuoteOption quote;

    @Option(
        names = "--collateral",
        required = true,
        paramLabel = "FILE|DIR",
        description = "dcap-qvl collateral.json, or a folder in the PCS form.")
    Path collateral;

    @Option(
        names = "--at",
        required = true,
        paramLabel = "TIME",
        description = AtOption.DESCRIPTION + ".")
    String at;

    @Option(
        names = "--seconds",
        defaultValue = "2",
        paramLabel = "N",
        description =
            "Measuring time per phase in seconds (default ${DEFAULT-VALUE}; 0 = one quote).")
    double seconds;

    @Option(
        names = "--warmup-seconds",
        paramLabel = "N",
        description = "Warm-up time per phase in seconds (default: the --seconds value).")
    Double warmupSeconds;

    @Override
    public Integer call() throws ReplicatoorException {
      if (!(seconds >= 0)
          || seconds > 3600
          || (warmupSeconds != null && (!(warmupSeconds >= 0) || warmupSeconds > 3600))) {
        throw new UsageException("--seconds and --warmup-seconds must be between 0 and 3600");
      }
      Instant t = CliTime.parse(at, "--at");
      byte[] q = quote.read();
      Collateral c = VerifyQuoteCommand.loadCollateral(collateral, "--collateral");
      Duration phase = Duration.ofNanos((long) (seconds * 1e9));
      Duration warmup =
          warmupSeconds == null ? phase : Duration.ofNanos((long) (warmupSeconds * 1e9));

      VerifyBenchmark.Result r = VerifyBenchmark.run(q, c, t, warmup, phase);

      printFigures(
          n -> {
            n.put("warmMsPerQuote", r.warm().millisPerQuote());
            n.put("coldMsPerQuote", r.cold().millisPerQuote());
            n.put("warmCpuMsPerQuote", r.warm().cpuMillisPerQuote());
            n.put("coldCpuMsPerQuote", r.cold().cpuMillisPerQuote());
            n.put("warmIterations", r.warm().iterations());
            n.put("coldIterations", r.cold().iterations());
            n.put("status", r.status());
            n.putPOJO("advisoryIds", r.advisoryIds());
            n.put("secondsPerPhase", seconds);
            n.put("warmupSecondsPerPhase", warmup.toNanos() / 1e9);
          },
          out -> {
            out.println(
                String.format(Locale.ROOT, "warm: %.3f ms/quote", r.warm().millisPerQuote()));
            out.println(
                String.format(Locale.ROOT, "cold: %.3f ms/quote", r.cold().millisPerQuote()));
            out.println(
                String.format(
                    Locale.ROOT,
                    "cpu: warm %.3f ms/quote, cold %.3f ms/quote",
                    r.warm().cpuMillisPerQuote(),
                    r.cold().cpuMillisPerQuote()));
            out.println(
                String.format(
                    Locale.ROOT,
                    "iterations: warm %d, cold %d",
                    r.warm().iterations(),
                    r.cold().iterations()));
            out.println(
                "status: "
                    + r.status()
                    + (r.advisoryIds().isEmpty() ? "" : " " + String.join(",", r.advisoryIds())));
          });
      return 0;
    }
  }
}
