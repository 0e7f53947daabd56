package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.testing.RecordingRandom;
import io.replicatoor.testing.SecretScan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 "Secrets" (threat model P11): the whole demo, then a round of every host route, {@code
 * /configure} with API keys and derived keys of every algorithm; afterwards every progress line,
 * the result JSON, every host HTTP answer (the demo's own and this test's), every metric, every log
 * line and every file written under the demo's folder (there is no sealed store: sealing is off) is
 * searched for every secret: each instance's randomness as it was drawn (root secret, one-time
 * X25519 join keys), every derived key and the API keys, raw, in hex and in Base64. The guest
 * socket's key answers are the one place keys are meant to appear; they are not scanned. The scan
 * is shown to catch a secret planted in that same material.
 */
class DemoSecretsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API_KEY = "demoApiKey_7d41c0b9e25a";
  private static final String API_KEY_2 = "demoInfuraKey_3f9a2c6e81b0";

  @TempDir Path tmp;

  @Test
  void wholeDemo_noSecretInOutputAnswersMetricsLogsOrFiles() throws Exception {
    Map<String, RecordingRandom> randoms = new LinkedHashMap<>();
    List<String> seen = new ArrayList<>(); // everything that left an instance except guest keys
    List<byte[]> derived = new ArrayList<>();
    Path work = tmp.resolve("demo");
    LocalDemo.Options o =
        new LocalDemo.Options(
            3,
            0,
            Path.of(System.getProperty("replicatoor.anvil")),
            work,
            name -> randoms.computeIfAbsent(name, n -> new RecordingRandom()));
    LocalDemo.Result result;
    try (LocalDemo demo = LocalDemo.prepare(o, step -> seen.add(step.line()))) {
      result = demo.run();
      seen.add(JsonOutput.write(DemoCommand.resultJson(result)));
      List<LocalDemo.Instance> inst = demo.instances();
      try (HttpClient http = HttpClient.newHttpClient()) {
        for (LocalDemo.Instance i : inst) {
          seen.add(post(http, i.hostUrl() + "/configure", "RPC_API_KEY_ALCHEMY=" + API_KEY));
          seen.add(post(http, i.hostUrl() + "/configure", "RPC_API_KEY_INFURA=" + API_KEY_2));
          // refused: a measured setting, and an API key that is not allowed
          seen.add(post(http, i.hostUrl() + "/configure", "REPLICATOOR_RPC_URLS=" + API_KEY));
          seen.add(post(http, i.hostUrl() + "/configure", "RPC_API_KEY_ALCHEMY=" + API_KEY + "/x"));
          for (String route : new String[] {"/status", "/metrics", "/healthz", "/getkey"}) {
            seen.add(get(http, i.hostUrl() + route));
          }
          seen.add(post(http, i.hostUrl() + "/genesis", ""));
          seen.add(post(http, i.hostUrl() + "/onboard", "pubk=00&quote=00"));
        }
        for (LocalDemo.Instance i : inst.subList(0, 2)) {
          derived.add(
              guestKey(i.guestSocket(), LocalDemo.KEY_PATH, LocalDemo.KEY_PURPOSE, "secp256k1"));
          for (String alg : new String[] {"secp256k1", "ed25519", "raw"}) {
            derived.add(guestKey(i.guestSocket(), "app/1", "p", alg));
          }
        }
        // a waiting instance's guest socket refuses; its answer is scanned too
        seen.add(guestAnswer(inst.get(2).guestSocket(), LocalDemo.KEY_PATH, "p", "secp256k1"));
      }
      for (LocalDemo.Exchange e : demo.exchanges()) {
        seen.add(e.request() + " " + e.status() + " " + e.body());
      }
    }
    assertThat(result.keysMatch()).isTrue();

    SecretScan scan = SecretScan.create();
    scan.add("API key", API_KEY).add("API key", API_KEY_2);
    for (byte[] k : derived) {
      scan.add("derived key", k);
    }
    assertThat(randoms.keySet()).containsExactly("a", "b", "c");
    int drawn = 0;
    for (Map.Entry<String, RecordingRandom> e : randoms.entrySet()) {
      drawn += scan.addAllLongEnough("randomness of " + e.getKey(), e.getValue().given());
    }
    // A drew its root secret, B its one-time join keys (before and after the timelock).
    assertThat(randoms.get("a").given()).anyMatch(b -> b.length >= 32);
    assertThat(randoms.get("b").given().size()).isGreaterThanOrEqualTo(2);
    assertThat(drawn).isGreaterThanOrEqualTo(3);

    String text = String.join("\n", seen);
    assertThat(text).contains("replicatoor_phase").contains("\"fingerprint\"");
    assertThat(text).contains("\"configured\"").contains("measured setting");
    long files = SecretScan.countFiles(work, LocalDemoSecrets::sealed);
    assertThat(files).as("logs, data, simulator files").isGreaterThan(5);
    String logs = Files.readString(work.resolve("logs").resolve("a.log"));
    assertThat(logs).contains("\"route\":\"/onboard\"").contains("\"route\":\"/configure\"");

    List<String> findings = new ArrayList<>(scan.findings("output and answers", text));
    findings.addAll(scan.findingsInTree(work, LocalDemoSecrets::sealed));
    assertThat(findings).isEmpty();

    // Self-test: the same scan over the same material with one secret planted is not clean.
    byte[] root = randoms.get("a").given().getFirst();
    assertThat(
            scan.findings(
                "planted", logs + "{\"k\":\"" + HexFormat.of().formatHex(derived.get(0)) + "\"}"))
        .isNotEmpty();
    assertThat(scan.findings("planted", text + Base64.getEncoder().encodeToString(root)))
        .isNotEmpty();
    Files.writeString(work.resolve("logs").resolve("planted.log"), API_KEY, StandardCharsets.UTF_8);
    assertThat(scan.findingsInTree(work, LocalDemoSecrets::sealed))
        .containsExactly("logs/planted.log: API key #0 raw");
  }

  /** Files the scan skips: the sealed store (encrypted by design; absent with sealing off). */
  static final class LocalDemoSecrets {
    private LocalDemoSecrets() {}

    static boolean sealed(Path p) {
      return p.getFileName().toString().equals("state.sealed");
    }
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  private static String post(HttpClient http, String url, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  private static byte[] guestKey(Path socket, String path, String purpose, String alg)
      throws Exception {
    JsonNode n = JSON.readTree(guestAnswer(socket, path, purpose, alg));
    assertThat(n.has("key")).as(n.toString()).isTrue();
    return Hex.decode(n.get("key").asText());
  }

  private static String guestAnswer(Path socket, String path, String purpose, String alg)
      throws Exception {
    GuestAgentClient.Forwarded r =
        GuestSocket.getKey(socket, "path", path, "purpose", purpose, "algorithm", alg);
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}
