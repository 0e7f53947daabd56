package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code replicatoor migrate}'s usage errors and transport failures over real sockets; the
 * hand-over itself against real instances is {@link MigrateCommandIT}.
 */
class MigrateCommandTest {
  @Test
  void unreachableTarget_isNamedWithItsStep_exit1() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    CliRun run =
        CliRun.run(
            "migrate",
            "--from",
            "http://127.0.0.1:1",
            "--to",
            "http://127.0.0.1:" + closedPort,
            "--json");
    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode e = run.json();
    assertThat(e.path("error").asText()).isEqualTo("INSTANCE_UNREACHABLE");
    assertThat(e.path("step").asText()).isEqualTo("requestKey");
    assertThat(e.path("message").asText()).contains("cannot reach");
    assertThat(e.path("message").asText())
        .contains("connection refused")
        .doesNotContain("Exception");
    assertThat(run.err())
        .startsWith("migrate: requestKey on --to http://127.0.0.1:")
        .contains("unreachable");
  }

  @Test
  void silentTarget_timesOutAfterTimeout_exit1() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(() -> {
            try (Socket ignored = silent.accept()) {
              Thread.sleep(10_000);
            } catch (Exception stopped) {
              // the test is over
            }
          });
      acceptor.setDaemon(true);
      acceptor.start();
      long t0 = System.nanoTime();
      CliRun run =
          CliRun.run(
              "migrate",
              "--from",
              "http://127.0.0.1:1",
              "--to",
              "http://127.0.0.1:" + silent.getLocalPort(),
              "--timeout",
              "0.5",
              "--json");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.json().path("error").asText()).isEqualTo("INSTANCE_UNREACHABLE");
      assertThat(run.json().path("message").asText()).contains("no answer within 500 ms");
      acceptor.interrupt();
    }
  }

  @Test
  void usageErrors_exit2() throws Exception {
    assertUsage(
        "--from and --to name the same instance",
        "migrate",
        "--from",
        "http://LocalHost/",
        "--to",
        "http://localhost:80",
        "--json");
    assertUsage(
        "--from must be an http:// or https:// URL",
        "migrate",
        "--from",
        "ftp://a",
        "--to",
        "http://b",
        "--json");
    assertUsage(
        "--to must be an http:// or https:// URL",
        "migrate",
        "--from",
        "http://a",
        "--to",
        "unix:/var/run/x.sock",
        "--json");
    assertUsage(
        "--to must not have a query",
        "migrate",
        "--from",
        "http://a",
        "--to",
        "http://b/?x=1",
        "--json");
    assertUsage(
        "--timeout must be a positive number",
        "migrate",
        "--from",
        "http://a",
        "--to",
        "http://b",
        "--timeout",
        "0",
        "--json");
    assertUsage("--to", "migrate", "--from", "http://a", "--json");
  }

  private static void assertUsage(String message, String... args) throws Exception {
    CliRun run = CliRun.run(args);
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.json().path("error").asText()).isEqualTo("USAGE");
    assertThat(run.json().path("message").asText()).contains(message);
  }
}
