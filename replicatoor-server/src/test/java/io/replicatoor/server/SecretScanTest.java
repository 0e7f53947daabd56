package io.replicatoor.server;

import static io.replicatoor.server.Http.get;
import static io.replicatoor.server.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.server.testing.ServedInstances;
import io.replicatoor.testing.RecordingRandom;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * P11 over HTTP: after a full hand-over, configure and a round of every route, no answer, no {@code
 * /status}, no {@code /metrics} and no log line holds a secret. Every byte the instances drew from
 * their randomness (root secret, one-time X25519 keys) is recorded and searched for, as are derived
 * keys and the host's API key, in hex (both cases) and Base64.
 */
class SecretScanTest {
  private static final String API_KEY = "secretApiKey_4f2c9a7e1b3d5f60";

  @Test
  void noSecretInAnyAnswerStatusMetricsOrLog() throws Exception {
    RecordingRandom ra = new RecordingRandom();
    RecordingRandom rb = new RecordingRandom();
    List<String> seen = new ArrayList<>();
    List<byte[]> secrets = new ArrayList<>();
    try (TestNet net = new TestNet()) {
      TestNet.Node a = net.serving("a", ra);
      TestNet.Node b =
          net.serve(net.instance("b", net.chain.reader(), rb), ServedInstances.config());

      seen.add(post(a.url("/configure"), "text/plain", "RPC_API_KEY_ALCHEMY=" + API_KEY).body());
      seen.add(
          post(a.url("/configure"), "text/plain", "RPC_API_KEY_ALCHEMY=" + API_KEY + "/x").body());
      HttpResponse<String> join = post(b.url("/requestKey"), null, new byte[0]);
      seen.add(join.body());
      HttpResponse<String> bundle = post(a.url("/onboard"), "application/json", join.body());
      seen.add(bundle.body());
      seen.add(post(b.url("/receiveKey"), "text/plain", bundle.body()).body());
      seen.add(post(a.url("/onboard"), "application/json", join.body()).body()); // replay refused
      for (TestNet.Node n : List.of(a, b)) {
        for (String route : new String[] {"/status", "/metrics", "/healthz", "/getkey"}) {
          seen.add(get(n.url(route)).body());
        }
        seen.add(post(n.url("/genesis"), null, new byte[0]).body());
        seen.add(
            post(n.url("/getkey"), "application/json", "{\"path\":\"p\",\"purpose\":\"q\"}")
                .body());
      }
      for (String alg : new String[] {"raw", "secp256k1", "ed25519"}) {
        DerivedKey k = a.r.deriveKey("wallet/0", "signing", alg);
        secrets.add(k.key().reveal(SecretAccess.insecure()));
      }
      seen.add(a.log());
      seen.add(b.log());
    }
    secrets.addAll(ra.given());
    secrets.addAll(rb.given());
    assertThat(ra.given()).as("A drew its root secret from the recorded randomness").isNotEmpty();
    assertThat(rb.given()).as("B drew its one-time key from the recorded randomness").isNotEmpty();
    String all = String.join("\n", seen);
    assertThat(all).contains("\"fingerprint\"").contains("replicatoor_phase");
    assertThat(all).doesNotContain(API_KEY);
    for (byte[] s : secrets) {
      String hex = Hex.encode(s);
      assertThat(all.toLowerCase(Locale.ROOT)).doesNotContain(hex.toLowerCase(Locale.ROOT));
      assertThat(all).doesNotContain(Base64.getEncoder().encodeToString(s));
      assertThat(all).doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(s));
    }
  }
}
