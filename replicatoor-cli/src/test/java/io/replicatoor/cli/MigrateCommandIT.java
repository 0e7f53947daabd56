package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.server.testing.ServedInstances;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replicatoor migrate} over real HTTP against real servers: instances of the development
 * network (simulator agents on Unix sockets and a real anvil with {@code UpgradeOperator}), each
 * behind the real Undertow host API ({@link ServedInstances}, replicatoor-server's test fixture).
 */
class MigrateCommandIT {
  @RegisterExtension final ServedInstances servers = new ServedInstances(Duration.ofSeconds(60));

  @Test
  void handsTheStateOver_thenARefusedStepIsNamedWithTheServersCode(@TempDir Path tmp)
      throws Exception {
    try (DevNetwork dev = DevNetwork.start(tmp)) {
      ServedInstances.Pair ab = servers.genesisAndWaiting(dev);
      String a = ab.a().url("");
      String b = ab.b().url("");

      // An earlier run interrupted after its first step: B waits with a join key nobody used.
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> first =
            http.send(
                HttpRequest.newBuilder(URI.create(b + "/requestKey"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      }

      CliRun run = CliRun.run("migrate", "--from", a, "--to", b + "/", "--json");

      assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
      JsonNode j = run.json();
      assertThat(j.path("ok").asBoolean()).isTrue();
      assertThat(j.path("phase").asText()).isEqualTo("SERVING");
      assertThat(j.path("fingerprint").asText()).isEqualTo(ab.genesisFingerprint());
      assertThat(j.path("stateVersion").isNumber()).as(j.toString()).isTrue();
      for (String k : List.of("requestKeyMillis", "onboardMillis", "receiveKeyMillis")) {
        assertThat(j.path(k).isIntegralNumber()).as(k).isTrue();
      }
      assertThat(run.err().lines())
          .hasSize(3)
          .satisfiesExactly(
              l -> assertThat(l).startsWith("migrate: requestKey on --to ").contains(" ms"),
              l -> assertThat(l).startsWith("migrate: onboard on --from ").contains(" ms"),
              l -> assertThat(l).startsWith("migrate: receiveKey on --to ").contains(" ms"));
      ab.assertSameKeys();

      // B now holds the state: a second run is refused at its first step.
      CliRun again = CliRun.run("migrate", "--from", a, "--to", b, "--json");
      assertThat(again.exitCode()).as(again.out()).isEqualTo(1);
      assertThat(again.json().path("error").asText()).isEqualTo("ALREADY_CONFIGURED");
      assertThat(again.json().path("step").asText()).isEqualTo("requestKey");

      // A source that holds no state refuses /onboard: its code, the step, exit 1.
      String c = servers.serve(dev.instance("v1", "c", true).start()).url("");
      String d = servers.serve(dev.instance("v1", "d", true).start()).url("");
      CliRun refused = CliRun.run("migrate", "--from", c, "--to", d, "--json");
      assertThat(refused.exitCode()).as(refused.out()).isEqualTo(1);
      JsonNode e = refused.json();
      assertThat(e.path("error").asText()).isEqualTo("NOT_CONFIGURED");
      assertThat(e.path("step").asText()).isEqualTo("onboard");
      assertThat(e.path("url").asText()).endsWith("/onboard");
      assertThat(e.path("message").asText()).startsWith("onboard on --from ");
      assertThat(refused.err()).contains("migrate: onboard on --from ").contains("NOT_CONFIGURED");

      // Without --json: the code and the step on stderr, nothing on stdout.
      CliRun text = CliRun.run("migrate", "--from", c, "--to", d);
      assertThat(text.exitCode()).isEqualTo(1);
      assertThat(text.out()).isEmpty();
      assertThat(text.err()).contains("replicatoor: NOT_CONFIGURED: onboard on --from ");
    }
  }
}
