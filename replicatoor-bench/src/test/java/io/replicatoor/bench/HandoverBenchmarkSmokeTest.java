package io.replicatoor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.handover.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs each hand-over benchmark body once (not timed) with the real simulator agent and anvil, so
 * the benchmark cannot rot.
 */
class HandoverBenchmarkSmokeTest {
  final HandoverBenchmark bench = new HandoverBenchmark();
  final HandoverBenchmark.Network net = new HandoverBenchmark.Network();

  @BeforeEach
  void start() throws Exception {
    net.start();
  }

  @AfterEach
  void stop() throws Exception {
    net.stop();
  }

  @Test
  void everyStepAndTheWholeHandoverRunOnce() throws Exception {
    HandoverBenchmark.FreshB whole = new HandoverBenchmark.FreshB();
    whole.setUp(net);
    assertThat(bench.handover(net, whole).phase()).isEqualTo(Phase.SERVING);

    HandoverBenchmark.FreshB request = new HandoverBenchmark.FreshB();
    request.setUp(net);
    assertThat(bench.requestKey(request)).isNotEmpty();

    HandoverBenchmark.Joined joined = new HandoverBenchmark.Joined();
    joined.setUp(net);
    assertThat(bench.onboard(net, joined)).isNotEmpty();

    HandoverBenchmark.Bundled bundled = new HandoverBenchmark.Bundled();
    bundled.setUp(net);
    assertThat(bench.receiveKey(bundled).phase()).isEqualTo(Phase.SERVING);
    assertThat(bundled.b.deriveKey("wallet/0", "signing", "secp256k1").publicKey())
        .isEqualTo(net.a.deriveKey("wallet/0", "signing", "secp256k1").publicKey());
  }
}
