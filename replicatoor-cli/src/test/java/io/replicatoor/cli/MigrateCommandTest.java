package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
    CliRun run = migrate("http://127.0.0.1:1", "http://127.0.0.1:" + closedPort, "--json");
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
          migrate(
              "http://127.0.0.1:1",
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

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        usage("--from and --to name the same instance", "http://LocalHost/", "http://localhost:80"),
        usage("--from must be an http:// or https:// URL", "ftp://a", "http://b"),
        usage("--to must be an http:// or https:// URL", "http://a", "unix:/var/run/x.sock"),
        usage("--to must not have a query", "http://a", "http://b/?x=1"),
        usage("--timeout must be a positive number", "http://a", "http://b", "--timeout", "0"),
        Arguments.of("--to", new String[] {"migrate", "--from", "http://a", "--json"}));
  }

  /** A case of {@link #usageErrors_exit2}: {@code migrate --from FROM --to TO MORE --json}. */
  private static Arguments usage(String message, String from, String to, String... more) {
    List<String> a = new ArrayList<>(List.of(more));
    a.add("--json");
    return Arguments.of(message, migrateArgs(from, to, a.toArray(String[]::new)));
  }

  @ParameterizedTest
  @MethodSource("usageErrors")
  void usageErrors_exit2(String message, String[] args) throws Exception {
    CliRun run = CliRun.run(args);
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.json().path("error").asText()).isEqualTo("USAGE");
    assertThat(run.json().path("message").asText()).contains(message);
  }

  /** {@code migrate --from FROM --to TO} followed by {@code more}. */
  private static String[] migrateArgs(String from, String to, String... more) {
    return CliRun.args(List.of("migrate", "--from", from, "--to", to), more);
  }

  private static CliRun migrate(String from, String to, String... more) {
    return CliRun.run(migrateArgs(from, to, more));
  }
}
