package io.replicatoor.server;

import static io.replicatoor.server.Http.code;
import static io.replicatoor.server.Http.get;
import static io.replicatoor.server.Http.json;
import static io.replicatoor.server.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import io.replicatoor.testing.Forms;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
  private final List<ReplicatoorServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(ReplicatoorServer::stop);
  }

  private ReplicatoorServer serve(EmbeddedReplicatoor r) {
    ReplicatoorServer s = TestNet.quietServer(r.core(), Duration.ofMillis(300));
    servers.add(s);
    return s;
  }

  @Test
  void theOriginalShellCommands_realCurlAndJq_realAdapters() throws Exception {
    try (DevNetwork dev = DevNetwork.start(tmp)) {
      EmbeddedReplicatoor ea = dev.genesisInstance("v1", "a");
      String genesisFingerprint = ea.status().fingerprint().orElseThrow();
      ReplicatoorServer a = serve(ea);
      EmbeddedReplicatoor eb = dev.instance("v1", "b", true).start();
      ReplicatoorServer b = serve(eb);
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
      pb.environment().put("A", TestNet.url(a, ""));
      pb.environment().put("B", TestNet.url(b, ""));
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(output).isZero();
      JsonNode received = Http.json(Files.readString(tmp.resolve("receive.out")));
      assertThat(received.path("phase").asText()).as(received.toString()).isEqualTo("SERVING");
      assertThat(received.path("fingerprint").asText()).isEqualTo(genesisFingerprint);
      DerivedKey ka = ea.deriveKey("wallet/0", "signing", "secp256k1");
      DerivedKey kb = eb.deriveKey("wallet/0", "signing", "secp256k1");
      assertThat(kb.key().equalsSecret(ka.key())).isTrue();
    }
  }

  @Test
  void genesisThenOriginalCurlFlow_realAdapters() throws Exception {
    try (DevNetwork dev = DevNetwork.start(tmp)) {
      EmbeddedReplicatoor ea = dev.instance("v1", "a", true).start();
      ReplicatoorServer a = serve(ea);
      HttpResponse<String> gen = post(TestNet.url(a, "/genesis"), null, new byte[0]);
      assertThat(gen.statusCode()).as(gen.body()).isEqualTo(200);
      assertThat(json(get(TestNet.url(a, "/status"))).path("phase").asText())
          .isEqualTo("CANDIDATE");
      // A candidate serves nothing.
      assertThat(code(post(TestNet.url(a, "/onboard"), "application/json", "{}")))
          .isEqualTo("NOT_SERVING");
      GenesisEvidence g = GenesisEvidence.parse(gen.body().getBytes(StandardCharsets.UTF_8));
      dev.registerState(g);
      JsonNode sa = null;
      for (int i = 0; i < 100; i++) { // the server's periodic refresh promotes the candidate
        sa = json(get(TestNet.url(a, "/status")));
        if (sa.path("phase").asText().equals("SERVING")) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(sa.path("phase").asText()).isEqualTo("SERVING");
      assertThat(sa.path("fingerprint").asText()).isEqualTo(g.fingerprint().toHex());

      EmbeddedReplicatoor eb = dev.instance("v1", "b", true).start();
      ReplicatoorServer b = serve(eb);
      // curl -X POST http://B/requestKey
      JsonNode join = json(post(TestNet.url(b, "/requestKey"), null, new byte[0]));
      // curl -d "pubk=$PUBK" -d "quote=$QUOTE" http://A/onboard > onboard.out
      String form =
          Forms.urlEncoded("pubk", join.get("pubk").asText(), "quote", join.get("quote").asText());
      HttpResponse<String> onboard =
          post(TestNet.url(a, "/onboard"), "application/x-www-form-urlencoded", form);
      assertThat(onboard.statusCode()).as(onboard.body()).isEqualTo(200);
      // curl --data-binary @onboard.out http://B/receiveKey
      HttpResponse<String> recv =
          post(TestNet.url(b, "/receiveKey"), "application/x-www-form-urlencoded", onboard.body());
      assertThat(recv.statusCode()).as(recv.body()).isEqualTo(200);
      assertThat(json(recv).path("phase").asText()).isEqualTo("SERVING");
      assertThat(json(get(TestNet.url(b, "/status"))).path("fingerprint").asText())
          .isEqualTo(g.fingerprint().toHex());
      DerivedKey ka = ea.deriveKey("wallet/0", "signing", "secp256k1");
      DerivedKey kb = eb.deriveKey("wallet/0", "signing", "secp256k1");
      assertThat(kb.key().equalsSecret(ka.key())).isTrue();
      // Replaying the join is refused over HTTP with its code.
      HttpResponse<String> replay =
          post(TestNet.url(a, "/onboard"), "application/x-www-form-urlencoded", form);
      assertThat(code(replay)).isEqualTo("JOIN_REPLAYED");
      assertThat(replay.statusCode()).isEqualTo(409);
    }
  }
}
