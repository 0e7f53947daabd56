package io.replicatoor.cli;

import static io.replicatoor.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code demo}'s usage errors: exit 2 with a message saying how to fix it, nothing started. */
class DemoCommandTest {

  @Test
  void demo_anvilMissing_exit2NamesTheWaysToProvideIt() throws Exception {
    CliRun r = run("demo", "--anvil", "/nonexistent/anvil", "--port", "0", "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    String m = r.json().get("message").asText();
    assertThat(r.json().get("error").asText()).isEqualTo("USAGE");
    assertThat(m)
        .startsWith("anvil not found at /nonexistent/anvil")
        .contains("--anvil PATH")
        .contains("REPLICATOOR_ANVIL")
        .contains("contracts/node_modules/.bin/anvil");
  }

  @Test
  void demo_portInUse_exit2NamesThePortAndTheFix() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      // Checked before anything runs (the anvil given here is never started).
      CliRun r = run("demo", "--anvil", "/bin/true", "--port", String.valueOf(port));
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err())
          .contains("port " + port + " on 127.0.0.1 is in use")
          .contains("--port N")
          .contains("--port 0");
      assertThat(r.out()).doesNotContain("deploy");
    }
  }

  @Test
  void demo_badInstancesOrPort_exit2() {
    assertThat(run("demo", "--instances", "1").exitCode()).isEqualTo(2);
    assertThat(run("demo", "--instances", "17").exitCode()).isEqualTo(2);
    CliRun r = run("demo", "--port", "80");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--port must be 0 (free ports) or between 1024 and");
    assertThat(run("demo", "--port", "65535").exitCode()).isEqualTo(2);
    assertThat(run("demo", "--instances", "two").exitCode()).isEqualTo(2);
  }
}
