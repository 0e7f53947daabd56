package io.replicatoor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.devnet.DevBench;
import io.replicatoor.server.load.LoadSample;
import io.replicatoor.server.load.ServerLoadBench;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replicatoor bench server | handover | onboard-burst}: DEVELOPMENT measurements over a
 * local dev network (anvil with {@code UpgradeOperator}, simulator agents, INSECURE dev trust root;
 * the anvil binary from {@code REPLICATOOR_ANVIL} or {@code -Dreplicatoor.anvil}). Each command
 * starts a serving instance through {@link DevBench}, calls one measurement and renders it
 * (docs/benchmarks.md).
 */
public final class DevBenchCommands {
  private DevBenchCommands() {}

  /** {@code bench server}: /status and /getkey under load, each against a bare route. */
  @Command(
      name = "server",
      mixinStandardHelpOptions = true,
      description = {
        "Loads GET /status (host port, Undertow) and POST /getkey (guest Unix socket) of a serving"
            + " instance (simulator + anvil) with N keep-alive connections, each compared in the"
            + " same run with a bare route on the same server answering the same bytes.",
        BenchMeasurement.NEEDS_ANVIL
      })
  static final class Server extends BenchMeasurement {
    @Option(
        names = "--connections",
        defaultValue = "32",
        paramLabel = "N",
        description = "Concurrent keep-alive connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(
        names = "--seconds",
        defaultValue = "5",
        paramLabel = "S",
        description = "Measured seconds per phase (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
        names = "--warmup-seconds",
        defaultValue = "3",
        paramLabel = "S",
        description = "Warm-up seconds per route and twin (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(
        names = "--rounds",
        defaultValue = "2",
        paramLabel = "N",
        description = "Alternating (bare, route) phase pairs per route (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
        names = "--refresh-seconds",
        defaultValue = "1",
        paramLabel = "S",
        description =
            "The server's chain refresh (and status quote) schedule during the run (default"
                + " ${DEFAULT-VALUE}).")
    double refreshSeconds;

    @Override
    public Integer call() throws Exception {
      if (!(seconds > 0 && seconds <= 3600)
          || !(warmupSeconds >= 0 && warmupSeconds <= 3600)
          || !(refreshSeconds > 0 && refreshSeconds <= 3600)
          || rounds < 1
          || rounds > 100) {
        throw new UsageException(
            "--seconds and --refresh-seconds must be in (0, 3600], --warmup-seconds in [0, 3600],"
                + " --rounds in [1, 100]");
      }
      ServerLoadBench.Options o;
      Path dir = Files.createTempDirectory("replicatoor-bench-");
      try {
        o =
            new ServerLoadBench.Options(
                connections,
                duration(warmupSeconds),
                duration(seconds),
                rounds,
                duration(refreshSeconds),
                dir);
      } catch (IllegalArgumentException e) {
        deleteTree(dir);
        throw new UsageException("bench server: " + e.getMessage(), e);
      }
      ServerLoadBench.Report r;
      try (DevBench bench = DevBench.start(dir)) {
        r = ServerLoadBench.run(bench.serving().core(), o);
      } finally {
        deleteTree(dir);
      }
      printFigures(
          n -> {
            put(n, "getkey", r.getkey());
            put(n, "status", r.status());
            n.put("errors", r.errors());
            n.put("connections", connections);
            n.put("secondsPerPhase", seconds);
            n.put("warmupSeconds", warmupSeconds);
            n.put("rounds", rounds);
            n.put("refreshSeconds", refreshSeconds);
          },
          out -> {
            out.println(line("/getkey (guest socket)", connections, r.getkey()));
            out.println(line("/status (host port)", connections, r.status()));
            if (r.errors() > 0) {
              out.println("errors: " + r.errors() + " requests failed or were not answered 200");
            }
          });
      return r.errors() == 0 ? 0 : 1;
    }

    private static void put(ObjectNode n, String p, ServerLoadBench.Comparison c) {
      n.put(p + "Rps", round(c.route().requestsPerSecond()));
      n.put(p + "BareRps", round(c.bare().requestsPerSecond()));
      n.put(p + "Ratio", Math.round(c.ratio() * 1000) / 1000.0);
      n.put(p + "P99Ms", ms(c.route().p99Ms()));
      n.put(p + "P50Ms", ms(c.route().p50Ms()));
      n.put(p + "BareP50Ms", ms(c.bare().p50Ms()));
      n.put(p + "BareP99Ms", ms(c.bare().p99Ms()));
      n.put(p + "MaxMs", ms(c.route().maxMs()));
      n.put(p + "Requests", c.route().requests());
      n.put(p + "BareRequests", c.bare().requests());
      n.put(p + "AnswerBytes", c.answerBytes());
    }

    private static String line(String what, int connections, ServerLoadBench.Comparison c) {
      LoadSample s = c.route();
      LoadSample b = c.bare();
      return String.format(
          Locale.ROOT,
          "%s, %d connections: %.0f req/s, p50 %.3f ms, p99 %.3f ms; bare %.0f req/s, p50 %.3f"
              + " ms, p99 %.3f ms; ratio %.3f (%d-byte answers)",
          what,
          connections,
          s.requestsPerSecond(),
          s.p50Ms(),
          s.p99Ms(),
          b.requestsPerSecond(),
          b.p50Ms(),
          b.p99Ms(),
          c.ratio(),
          c.answerBytes());
    }
  }

  /** {@code bench handover}: warm hand-overs with a per-step breakdown. */
  @Command(
      name = "handover",
      mixinStandardHelpOptions = true,
      description = {
        "Times warm hand-overs (requestKey -> onboard -> receiveKey, simulator + anvil, k = 1)"
            + " from a serving instance to fresh instances, each step inside the same hand-over.",
        BenchMeasurement.NEEDS_ANVIL
      })
  static final class Handover extends BenchMeasurement {
    @Option(
        names = "--count",
        defaultValue = "100",
        paramLabel = "N",
        description = "Measured hand-overs (default ${DEFAULT-VALUE}).")
    int count;

    @Option(
        names = "--warmup",
        defaultValue = "30",
        paramLabel = "N",
        description = "Untimed hand-overs first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() throws Exception {
      if (count < 1 || count > 100_000 || warmup < 0 || warmup > 100_000) {
        throw new UsageException("--count must be in [1, 100000], --warmup in [0, 100000]");
      }
      DevBench.HandoverFigures h = onFreshDevBench(bench -> bench.handovers(warmup, count));
      printFigures(
          n -> {
            n.put("count", h.count());
            n.put("warmup", warmup);
            stats(n.putObject("handover"), h.total());
            stats(n.putObject("requestKey"), h.requestKey());
            stats(n.putObject("onboard"), h.onboard());
            stats(n.putObject("receiveKey"), h.receiveKey());
          },
          out -> {
            out.println(
                "warm hand-overs: "
                    + h.count()
                    + " measured after "
                    + warmup
                    + " (ms: p50 p99 mean min max)");
            out.println(statsLine("handover", h.total()));
            out.println(statsLine("requestKey", h.requestKey()));
            out.println(statsLine("onboard", h.onboard()));
            out.println(statsLine("receiveKey", h.receiveKey()));
          });
      return 0;
    }
  }

  /** {@code bench onboard-burst}: many new instances onboarded concurrently by one instance. */
  @Command(
      name = "onboard-burst",
      mixinStandardHelpOptions = true,
      description = {
        "Starts N new instances (each on its own simulator agent) and has one serving instance"
            + " onboard them all at once; checks that every one derives the same key.",
        BenchMeasurement.NEEDS_ANVIL
      })
  static final class OnboardBurst extends BenchMeasurement {
    @Option(
        names = "--instances",
        defaultValue = "100",
        paramLabel = "N",
        description = "New instances (default ${DEFAULT-VALUE}, at most 1000).")
    int instances;

    @Override
    public Integer call() throws Exception {
      if (instances < 1 || instances > 1000) {
        throw new UsageException("--instances must be in [1, 1000]");
      }
      DevBench.BurstFigures b = onFreshDevBench(bench -> bench.onboardBurst(instances));
      printFigures(
          n -> {
            n.put("instances", b.instances());
            n.put("joined", b.joined());
            n.put("allCorrect", b.joined() == b.instances());
            n.put("totalMs", ms(b.totalMillis()));
            n.put("onboardsPerSecond", Math.round(b.onboardsPerSecond() * 10) / 10.0);
            stats(n.putObject("perInstance"), b.perInstance());
            stats(n.putObject("onboard"), b.onboard());
            n.put("setupMs", ms(b.setupMillis()));
          },
          out -> {
            out.println(
                String.format(
                    Locale.ROOT,
                    "onboard burst: %d of %d instances joined and derive the serving instance's"
                        + " key; total %.1f ms, %.1f onboards/s",
                    b.joined(),
                    b.instances(),
                    b.totalMillis(),
                    b.onboardsPerSecond()));
            out.println("(ms: p50 p99 mean min max)");
            out.println(statsLine("per instance", b.perInstance()));
            out.println(statsLine("onboard on A", b.onboard()));
            out.println(String.format(Locale.ROOT, "setup (untimed): %.0f ms", b.setupMillis()));
          });
      return b.joined() == b.instances() ? 0 : 1;
    }
  }

  private static void stats(ObjectNode n, DevBench.Stats s) {
    n.put("p50Ms", ms(s.p50()));
    n.put("p99Ms", ms(s.p99()));
    n.put("meanMs", ms(s.mean()));
    n.put("minMs", ms(s.min()));
    n.put("maxMs", ms(s.max()));
  }

  private static String statsLine(String name, DevBench.Stats s) {
    return String.format(
        Locale.ROOT,
        "  %-13s %9.3f %9.3f %9.3f %9.3f %9.3f",
        name,
        s.p50(),
        s.p99(),
        s.mean(),
        s.min(),
        s.max());
  }

  private static Duration duration(double seconds) {
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  private static double ms(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static long round(double v) {
    return Math.round(v);
  }

  /** One measurement on a {@link DevBench}. */
  private interface OnDevBench<T> {
    T run(DevBench bench) throws Exception;
  }

  /** Runs {@code m} on a fresh dev network in a temporary folder, deleted afterwards. */
  private static <T> T onFreshDevBench(OnDevBench<T> m) throws Exception {
    Path dir = Files.createTempDirectory("replicatoor-bench-");
    try (DevBench bench = DevBench.start(dir)) {
      return m.run(bench);
    } finally {
      deleteTree(dir);
    }
  }

  /** Best effort: a temporary folder left behind is not a measurement failure. */
  private static void deleteTree(Path dir) {
    try {
      CliFiles.deleteTree(dir);
    } catch (UncheckedIOException e) {
      // left behind under the system's temporary folder
    }
  }
}
