package io.replicatoor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.handover.Phase;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import io.replicatoor.server.load.LoadSample;
import io.replicatoor.server.load.ServerLoadBench;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench server}'s measurement over the real adapters (simulator agent, anvil with the
 * contract, genesis registered): every request of every phase answered 200. Untimed in the build (a
 * fraction of a second per phase); the figures in docs/benchmarks.md come from {@code replicatoor
 * bench server}.
 */
class ServerLoadEndToEndTest {
  @TempDir Path tmp;

  @Test
  void servingInstance_simulatorAndAnvil_everyPhaseAnswered200() throws Exception {
    try (DevNetwork dev = DevNetwork.start(tmp)) {
      EmbeddedReplicatoor a = dev.instance("v1", "a", true).start();
      GenesisEvidence g = a.core().genesis();
      dev.registerState(g);
      assertThat(a.core().refresh().phase()).isEqualTo(Phase.SERVING);
      ServerLoadBench.Options o =
          new ServerLoadBench.Options(
              Integer.getInteger("bench.connections", 4),
              Duration.ofMillis(Long.getLong("bench.warmupMillis", 0)),
              Duration.ofMillis(Long.getLong("bench.measureMillis", 300)),
              Integer.getInteger("bench.rounds", 1),
              Duration.ofSeconds(1),
              tmp);

      ServerLoadBench.Report r = ServerLoadBench.run(a.core(), o);

      assertThat(r.errors()).isZero();
      assertThat(r.getkey().route().requests()).isPositive();
      assertThat(r.status().route().requests()).isPositive();
      if (Boolean.getBoolean("bench.print")) {
        print("getkey", r.getkey());
        print("status", r.status());
      }
    }
  }

  private static void print(String name, ServerLoadBench.Comparison c) {
    LoadSample s = c.route();
    LoadSample b = c.bare();
    System.out.printf(
        Locale.ROOT,
        "BENCH %s rps %.0f p50 %.3f p99 %.3f max %.1f | bare rps %.0f p50 %.3f p99 %.3f | ratio"
            + " %.3f | bytes %d%n",
        name,
        s.requestsPerSecond(),
        s.p50Ms(),
        s.p99Ms(),
        s.maxMs(),
        b.requestsPerSecond(),
        b.p50Ms(),
        b.p99Ms(),
        c.ratio(),
        c.answerBytes());
  }
}
