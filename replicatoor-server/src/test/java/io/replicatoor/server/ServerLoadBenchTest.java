package io.replicatoor.server;

import static io.replicatoor.server.Http.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.server.load.HttpLoad;
import io.replicatoor.server.load.ServerLoadBench;
import io.replicatoor.server.testing.ServedInstances;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench server}'s machinery over real HTTP (untimed: only counts and answers are checked;
 * the figures are in docs/benchmarks.md).
 */
class ServerLoadBenchTest {
  @TempDir Path dir;

  private TestNet net;

  @BeforeEach
  void start() {
    net = new TestNet();
  }

  @AfterEach
  void stop() {
    net.close();
  }

  private ServerLoadBench.Options options() {
    return new ServerLoadBench.Options(
        3, Duration.ZERO, Duration.ofMillis(200), 2, Duration.ofHours(1), dir);
  }

  @Test
  void run_servingInstance_bothRoutesAndTwinsAnswered200WithoutErrors() throws Exception {
    TestNet.Node a = net.serving("a");

    ServerLoadBench.Report r = ServerLoadBench.run(a.r, options());

    assertThat(r.errors()).isZero();
    for (ServerLoadBench.Comparison c : new ServerLoadBench.Comparison[] {r.getkey(), r.status()}) {
      assertThat(c.route().requests()).isPositive();
      assertThat(c.bare().requests()).isPositive();
      assertThat(c.route().p99Ms()).isGreaterThanOrEqualTo(c.route().p50Ms()).isPositive();
      assertThat(c.ratio()).isPositive();
    }
    assertThat(r.getkey().answerBytes()).isGreaterThan(64);
    assertThat(r.status().answerBytes()).isGreaterThan(r.getkey().answerBytes());
  }

  @Test
  void run_waitingInstance_refusedAtTheFirstAnswer() throws Exception {
    TestNet.Node b = net.waiting("b");

    assertThatThrownBy(() -> ServerLoadBench.run(b.r, options()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("NOT_CONFIGURED");
  }

  @Test
  void bareRoute_answersItsSupplierThroughTheServer_andServeHasNone() throws Exception {
    TestNet.Node a = net.serving("a");
    byte[] body = "{\"bare\":true}".getBytes(StandardCharsets.UTF_8);
    ReplicatoorServer s =
        ReplicatoorServer.startWithBareRoute(
            a.r,
            new HostSettings(Set.of()),
            ServedInstances.config(),
            quietLog(),
            "/bare",
            () -> body);
    try {
      byte[] got =
          HttpLoad.once(new InetSocketAddress("127.0.0.1", s.port()), HttpLoad.get("/bare"));
      assertThat(got).isEqualTo(body);
      assertThat(get("http://127.0.0.1:" + s.port() + "/status").statusCode()).isEqualTo(200);
    } finally {
      s.stop();
    }
    assertThat(get(a.url("/bare")).statusCode()).isEqualTo(404);
  }

  @Test
  void bareRoute_onAnExistingRoute_refused() throws Exception {
    TestNet.Node a = net.serving("a");

    assertThatThrownBy(() ->
            ReplicatoorServer.startWithBareRoute(
                a.r,
                new HostSettings(Set.of()),
                ServedInstances.config(),
                quietLog(),
                "/status",
                () -> new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonLog quietLog() {
    return new JsonLog(
        new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8),
        Clock.systemUTC());
  }
}
