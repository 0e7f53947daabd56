package io.replicatoor.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.handover.Phase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench handover} and {@code bench onboard-burst} in small (untimed: only correctness is
 * checked; the figures are in docs/benchmarks.md), over real anvil and simulator agents.
 */
class DevBenchTest {
  @TempDir Path dir;

  @Test
  void handoversAndABurst_everyJoinedInstanceDerivesAsKey() throws Exception {
    try (DevBench bench = DevBench.start(dir)) {
      assertThat(bench.serving().status().phase()).isEqualTo(Phase.SERVING);

      DevBench.HandoverFigures h = bench.handovers(1, 2);
      assertThat(h.count()).isEqualTo(2);
      assertThat(h.total().p50()).isPositive();
      assertThat(h.total().max())
          .isGreaterThanOrEqualTo(h.requestKey().max())
          .isGreaterThanOrEqualTo(h.onboard().max())
          .isGreaterThanOrEqualTo(h.receiveKey().max());

      long before = bench.serving().status().peersOnboarded();
      DevBench.BurstFigures b = bench.onboardBurst(4);
      assertThat(b.joined()).isEqualTo(4);
      assertThat(b.onboardsPerSecond()).isPositive();
      assertThat(bench.serving().status().peersOnboarded()).isEqualTo(before + 4);
    }
  }
}
