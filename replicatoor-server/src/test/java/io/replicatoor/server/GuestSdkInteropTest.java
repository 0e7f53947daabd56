package io.replicatoor.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.localhttp.LocalHttpServer;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.handover.TransferBundle;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import io.replicatoor.testing.NodeScript;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official dstack JS SDK ({@code @phala/dstack-sdk} 0.5.8, the npm project of replicatoor-sim's
 * {@code src/test/node}, installed by that module's build) pointed at replicatoor's guest socket:
 * {@code new DstackClient(socket).getKey(path, purpose)} gets the same key from instance A and from
 * instance B after a hand-over (real adapters: simulator agents, anvil with {@code
 * UpgradeOperator}), and a refusal before B holds state.
 */
class GuestSdkInteropTest {

  @TempDir Path tmp;
  private final List<LocalHttpServer> guests = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (LocalHttpServer g : guests) {
      g.close();
    }
  }

  private Path guest(EmbeddedReplicatoor r, String name) throws IOException {
    Path socket = tmp.resolve("guest-" + name + ".sock");
    guests.add(new GuestApi(r.core(), Optional.empty()).serve(socket));
    return socket;
  }

  @Test
  void theSdkGetsTheSameKeyFromAAndFromBAfterAHandOver() throws Exception {
    Path nodeDir = nodeDir();
    try (DevNetwork dev = DevNetwork.start(tmp)) {
      EmbeddedReplicatoor ea = dev.genesisInstance("v1", "a");
      EmbeddedReplicatoor eb = dev.instance("v1", "b", true).start();
      Path sa = guest(ea, "a");
      Path sb = guest(eb, "b");

      JsonNode before = runNode(nodeDir, sb, "wallet/0", "signing");
      assertThat(before.has("error")).as(before.toString()).isTrue();
      assertThat(before.has("key")).isFalse();

      TransferBundle bundle = ea.core().onboard(eb.core().requestKey().encode());
      eb.core().receiveKey(bundle.encode());

      JsonNode ka = runNode(nodeDir, sa, "wallet/0", "signing");
      JsonNode kb = runNode(nodeDir, sb, "wallet/0", "signing");
      assertThat(ka.has("key")).as(ka.toString()).isTrue();
      assertThat(kb.get("key").asText()).isEqualTo(ka.get("key").asText()).hasSize(64);
      assertThat(kb.get("signature_chain")).isEqualTo(ka.get("signature_chain"));
      DerivedKey d = eb.deriveKey("wallet/0", "signing", "secp256k1");
      assertThat(kb.get("key").asText())
          .isEqualTo(Hex.encode(d.key().reveal(SecretAccess.insecure())));
      assertThat(kb.get("signature_chain").get(0).asText()).isEqualTo(Hex.encode(d.signature()));

      JsonNode other = runNode(nodeDir, sb, "wallet/1", "signing");
      assertThat(other.get("key").asText()).isNotEqualTo(kb.get("key").asText());
    }
  }

  /** replicatoor-sim's npm project; a missing install fails the test (no skip). */
  private static Path nodeDir() {
    Path p = Path.of("..", "replicatoor-sim", "src", "test", "node").toAbsolutePath().normalize();
    assertThat(p.resolve("node_modules").resolve("@phala").resolve("dstack-sdk"))
        .as("run replicatoor-sim's build first (npm ci --ignore-scripts in %s)", p)
        .isDirectory();
    return p;
  }

  private static JsonNode runNode(Path nodeDir, Path socket, String path, String purpose)
      throws IOException, InterruptedException {
    return NodeScript.runJson(nodeDir, "getkey.mjs", socket.toString(), path, purpose);
  }
}
