package io.replicatoor.server;

import static io.replicatoor.server.Http.code;
import static io.replicatoor.server.Http.get;
import static io.replicatoor.server.Http.json;
import static io.replicatoor.server.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.server.testing.ServedInstances;
import io.replicatoor.testing.Forms;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original curl flow end to end over real HTTP, with the real adapters: the embed builder over
 * simulator agents on Unix sockets (INSECURE dev trust root) and a real anvil with {@code
 * UpgradeOperator}. Genesis through {@code POST /genesis}, the owner registers the fingerprint, the
 * server's periodic refresh promotes A; then request on B, onboard on A (form fields), receive on B
 * (text body), and the same keys on both.
 */
class CurlFlowEndToEndTest {
  @TempDir Path tmp;
  @RegisterExtension final ServedInstances servers = new ServedInstances(Duration.ofMillis(300));

  @Test
  void theOriginalShellCommands_realCurlAndJq_realAdapters() throws Exception {
    try (DevNetwork dev = DevNetwork.start(tmp)) {
      ServedInstances.Pair ab = servers.genesisAndWaiting(dev);
      // The original relay (migrate.sh), run by bash with the real curl and jq.
      String script =
          String.join(
              "\n",
              "set -euo pipefail",
              "curl -sS -X POST \"$B/requestKey\" > req.json",
              "PUBK=$(jq -r .pubk req.json)",
              "QUOTE=$(jq -r .quote req.json)",
              "curl -sS -d \"pubk=$PUBK\" -d \"quote=$QUOTE\" \"$A/onboard\" > onboard.out",
              "curl -sS --data-binary @onboard.out \"$B/receiveKey\" > receive.out",
              "");
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(tmp.toFile());
      pb.environment().put("A", ab.a().url(""));
      pb.environment().put("B", ab.b().url(""));
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(output).isZero();
      JsonNode received = Http.json(Files.readString(tmp.resolve("receive.out")));
      assertThat(received.path("phase").asText()).as(received.toString()).isEqualTo("SERVING");
      assertThat(received.path("fingerprint").asText()).isEqualTo(ab.genesisFingerprint());
      ab.assertSameKeys();
    }
  }

  @Test
  void genesisThenOriginalCurlFlow_realAdapters() throws Exception {
    try (DevNetwork dev = DevNetwork.start(tmp)) {
      ServedInstances.Served a = servers.serve(dev.instance("v1", "a", true).start());
      HttpResponse<String> gen = post(a.url("/genesis"), null, new byte[0]);
      assertThat(gen.statusCode()).as(gen.body()).isEqualTo(200);
      assertThat(json(get(a.url("/status"))).path("phase").asText()).isEqualTo("CANDIDATE");
      // A candidate serves nothing.
      assertThat(code(post(a.url("/onboard"), "application/json", "{}"))).isEqualTo("NOT_SERVING");
      GenesisEvidence g = GenesisEvidence.parse(gen.body().getBytes(StandardCharsets.UTF_8));
      dev.registerState(g);
      JsonNode sa = null;
      for (int i = 0; i < 100; i++) { // the server's periodic refresh promotes the candidate
        sa = json(get(a.url("/status")));
        if (sa.path("phase").asText().equals("SERVING")) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(sa.path("phase").asText()).isEqualTo("SERVING");
      assertThat(sa.path("fingerprint").asText()).isEqualTo(g.fingerprint().toHex());

      ServedInstances.Served b = servers.serve(dev.instance("v1", "b", true).start());
      // curl -X POST http://B/requestKey
      JsonNode join = json(post(b.url("/requestKey"), null, new byte[0]));
      // curl -d "pubk=$PUBK" -d "quote=$QUOTE" http://A/onboard > onboard.out
      String form =
          Forms.urlEncoded("pubk", join.get("pubk").asText(), "quote", join.get("quote").asText());
      HttpResponse<String> onboard =
          post(a.url("/onboard"), "application/x-www-form-urlencoded", form);
      assertThat(onboard.statusCode()).as(onboard.body()).isEqualTo(200);
      // curl --data-binary @onboard.out http://B/receiveKey
      HttpResponse<String> recv =
          post(b.url("/receiveKey"), "application/x-www-form-urlencoded", onboard.body());
      assertThat(recv.statusCode()).as(recv.body()).isEqualTo(200);
      assertThat(json(recv).path("phase").asText()).isEqualTo("SERVING");
      assertThat(json(get(b.url("/status"))).path("fingerprint").asText())
          .isEqualTo(g.fingerprint().toHex());
      ServedInstances.assertSameKeys(a.instance(), b.instance());
      // Replaying the join is refused over HTTP with its code.
      HttpResponse<String> replay =
          post(a.url("/onboard"), "application/x-www-form-urlencoded", form);
      assertThat(code(replay)).isEqualTo("JOIN_REPLAYED");
      assertThat(replay.statusCode()).isEqualTo(409);
    }
  }
}
