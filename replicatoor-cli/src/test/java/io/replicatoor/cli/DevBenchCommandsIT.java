package io.replicatoor.cli;

import static io.replicatoor.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * {@code bench server | handover | onboard-burst} run for real (anvil, simulator agents) in small:
 * exit codes, output keys and correctness; never timings (those are in docs/benchmarks.md).
 */
class DevBenchCommandsIT {

  @Test
  void benchServer_json_issueKeysAndNoErrors() throws Exception {
    CliRun r =
        run(
            "bench",
            "server",
            "--connections",
            "2",
            "--seconds",
            "0.2",
            "--warmup-seconds",
            "0",
            "--rounds",
            "1",
            "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = r.json();
    for (String k :
        new String[] {
          "getkeyRps",
          "getkeyBareRps",
          "getkeyRatio",
          "getkeyP99Ms",
          "statusRps",
          "statusBareRps",
          "statusRatio",
          "statusP99Ms"
        }) {
      assertThat(n.path(k).isNumber()).as(k + " in " + n).isTrue();
      assertThat(n.path(k).asDouble()).as(k).isPositive();
    }
    assertThat(n.path("errors").asLong(-1)).isZero();
  }

  @Test
  void benchHandover_text_everyStepListed() {
    CliRun r = run("bench", "handover", "--count", "2", "--warmup", "1");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("warm hand-overs: 2 measured after 1")
        .contains("handover")
        .contains("requestKey")
        .contains("onboard")
        .contains("receiveKey");
  }

  @Test
  void benchOnboardBurst_json_allInstancesJoinedCorrectly() throws Exception {
    CliRun r = run("bench", "onboard-burst", "--instances", "3", "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode n = r.json();
    assertThat(n.path("joined").asInt()).isEqualTo(3);
    assertThat(n.path("allCorrect").asBoolean()).isTrue();
    assertThat(n.path("onboardsPerSecond").asDouble()).isPositive();
  }

  @Test
  void benchServer_badRounds_usageExit2() {
    CliRun r = run("bench", "server", "--rounds", "0");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--rounds");
  }
}
