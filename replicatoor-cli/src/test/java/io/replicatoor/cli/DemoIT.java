package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.testing.Forms;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replicatoor demo} end to end with the real parts (anvil from contracts/node_modules,
 * simulator agents on Unix sockets, replicatoor servers over HTTP): the {@code --json} result, the
 * {@code --keep} mode with the original curl flow against a waiting instance, and Ctrl-C / SIGTERM
 * leaving no process, socket or file behind.
 */
class DemoIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP = Duration.ofSeconds(120);

  @TempDir Path tmp;

  @Test
  void demo_json_lastLineIsTheResultAndEveryStepRan() throws Exception {
    CliRun r = CliRun.run("demo", "--json", "--port", "0");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    JsonNode n = JSON.readTree(lines[lines.length - 1]);
    assertThat(n.get("ok").asBoolean()).isTrue();
    assertThat(n.get("keysMatch").asBoolean()).isTrue();
    assertThat(n.get("fingerprint").asText()).matches("0x[0-9a-f]{64}");
    assertThat(n.get("address").asText()).matches("0x[0-9a-f]{40}");
    assertThat(n.get("refusedBeforeTimelock").asText()).isEqualTo("TIMELOCK_NOT_ELAPSED");
    List<String> steps = new ArrayList<>();
    n.get("steps").forEach(s -> steps.add(s.get("step").asText()));
    assertThat(steps)
        .containsExactly(
            "deploy",
            "approve",
            "genesis",
            "register",
            "propose",
            "timelock",
            "time",
            "handover",
            "keys");
    JsonNode millis = n.get("millis");
    assertThat(millis.get("handover").asLong())
        .isEqualTo(
            millis.get("requestKey").asLong()
                + millis.get("onboard").asLong()
                + millis.get("receiveKey").asLong());
    assertThat(millis.get("total").asLong()).isPositive();
    // The refusal names the activation time, which is the one the proposal reported.
    String timelock = n.get("steps").get(5).get("message").asText();
    String activeAt = Instant.ofEpochSecond(n.get("activeAt").asLong()).toString();
    assertThat(timelock).contains("pending until " + activeAt);
    NewUserCliTest.assertConvention(n, "demo --json");
    // Progress went to stderr, one line per step.
    for (String s : steps) {
      assertThat(r.err()).contains("  " + s + " ");
    }
  }

  @Test
  void keep_waitingInstances_printedCurlFlowAndJavaFlowThenSameKeyThenSigtermExitsZero()
      throws Exception {
    try (DemoProcess p =
        DemoProcess.start(tmp.resolve("t"), "--keep", "--instances", "4", "--port", "0")) {
      String ready = p.awaitLine("{", STARTUP);
      p.awaitLine("Running until Ctrl-C or SIGTERM.", Duration.ofSeconds(10));
      List<ProcessHandle> tree = p.tree();
      JsonNode n = JSON.readTree(ready);
      assertThat(n.get("ok").asBoolean()).isTrue();
      assertThat(n.get("rpc").asText()).startsWith("http://127.0.0.1:");
      assertThat(n.get("contract").asText()).matches("0x[0-9a-f]{40}");
      JsonNode inst = n.get("instances");
      assertThat(inst).hasSize(4);
      List<String> names = new ArrayList<>();
      inst.forEach(i -> names.add(i.get("name").asText()));
      assertThat(names).containsExactly("A", "B", "C", "D");
      assertThat(inst.get(0).get("holdsState").asBoolean()).isTrue();
      assertThat(inst.get(1).get("holdsState").asBoolean()).isTrue();
      assertThat(inst.get(2).get("holdsState").asBoolean()).isFalse();
      assertThat(inst.get(3).get("holdsState").asBoolean()).isFalse();
      String a = inst.get(0).get("hostUrl").asText();
      String cUrl = inst.get(2).get("hostUrl").asText();
      String dUrl = inst.get(3).get("hostUrl").asText();

      // 1. The printed commands, run as printed by bash with the real curl and jq: they hand the
      // state from A to C and fetch A's and C's key from their guest sockets.
      List<String> curl =
          p.seen().stream().filter(l -> l.startsWith("  curl ")).map(String::strip).toList();
      assertThat(curl)
          .startsWith(
              "curl -X POST " + cUrl + "/requestKey > req.json",
              "curl -d \"pubk=$(jq -r .pubk req.json)\" -d \"quote=$(jq -r .quote req.json)\" "
                  + a
                  + "/onboard > onboard.out",
              "curl --data-binary @onboard.out " + cUrl + "/receiveKey")
          .hasSize(5);
      Path work = Files.createDirectories(tmp.resolve("curl"));
      String script =
          "set -euo pipefail\n"
              + String.join("\n", curl.subList(0, 3))
              + " > receive.out\n"
              + curl.get(3)
              + " > keyA.json\n"
              + curl.get(4)
              + " > keyC.json\n";
      Process bash =
          new ProcessBuilder("bash", "-c", script)
              .directory(work.toFile())
              .redirectErrorStream(true)
              .start();
      String bashOut = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(bash.waitFor()).as(bashOut).isZero();
      JsonNode received = JSON.readTree(work.resolve("receive.out").toFile());
      assertThat(received.get("phase").asText()).isEqualTo("SERVING");
      JsonNode keyA = JSON.readTree(work.resolve("keyA.json").toFile());
      JsonNode keyC = JSON.readTree(work.resolve("keyC.json").toFile());
      assertThat(keyA.get("key").asText()).matches("[0-9a-f]{64}");
      assertThat(keyC.get("key").asText()).isEqualTo(keyA.get("key").asText());

      // 2. The original flow (docs/server.md) with java.net.http against D: empty POST, form
      // fields, the answer passed on as it came (curl --data-binary sends it as a form body).
      try (HttpClient http = HttpClient.newHttpClient()) {
        JsonNode req = JSON.readTree(post(http, dUrl + "/requestKey", null, "").body());
        String form =
            Forms.urlEncoded("pubk", req.get("pubk").asText(), "quote", req.get("quote").asText());
        HttpResponse<String> onboard =
            post(http, a + "/onboard", "application/x-www-form-urlencoded", form);
        assertThat(onboard.statusCode()).as(onboard.body()).isEqualTo(200);
        HttpResponse<String> recv =
            post(http, dUrl + "/receiveKey", "application/x-www-form-urlencoded", onboard.body());
        assertThat(recv.statusCode()).as(recv.body()).isEqualTo(200);
        assertThat(JSON.readTree(recv.body()).get("phase").asText()).isEqualTo("SERVING");
        assertThat("0x" + JSON.readTree(recv.body()).get("fingerprint").asText())
            .isEqualTo(n.get("fingerprint").asText());
      }
      assertThat(getKey(Path.of(inst.get(3).get("guestSocket").asText())))
          .isEqualTo(keyA.get("key").asText());

      p.signal("TERM");
      assertThat(p.awaitExit(Duration.ofSeconds(60))).as(p.err()).isZero();
      assertThat(DemoProcess.stillAlive(tree)).isEmpty();
      assertThat(p.leftInTmp()).isEmpty();
    }
  }

  @Test
  void ctrlC_toTheProcessGroupWhileRunning_exit130NothingLeft() throws Exception {
    try (DemoProcess p = DemoProcess.start(tmp.resolve("int"), "--port", "0")) {
      p.awaitLine("  approve ", STARTUP); // anvil, an agent and A's server are up
      List<ProcessHandle> tree = p.tree();
      assertThat(tree).as("the demo runs anvil").hasSizeGreaterThan(1);
      assertThat(p.leftInTmp()).isNotEmpty();
      p.signalGroup("INT");
      assertThat(p.awaitExit(Duration.ofSeconds(60))).as(p.err()).isEqualTo(130);
      assertThat(DemoProcess.stillAlive(tree)).isEmpty();
      assertThat(p.leftInTmp()).isEmpty();
      assertThat(p.err()).contains("interrupted; everything it started is gone");
    }
  }

  @Test
  void sigterm_whileRunning_exit143NothingLeft() throws Exception {
    try (DemoProcess p = DemoProcess.start(tmp.resolve("term"), "--port", "0")) {
      p.awaitLine("  deploy ", STARTUP);
      List<ProcessHandle> tree = p.tree();
      assertThat(tree).as("the demo runs anvil").hasSizeGreaterThan(1);
      p.signal("TERM");
      assertThat(p.awaitExit(Duration.ofSeconds(60))).as(p.err()).isEqualTo(143);
      assertThat(DemoProcess.stillAlive(tree)).isEmpty();
      assertThat(p.leftInTmp()).isEmpty();
    }
  }

  private static HttpResponse<String> post(
      HttpClient http, String url, String contentType, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code POST /getkey} on a guest socket: the derived key, hex. */
  private static String getKey(Path socket) throws Exception {
    GuestAgentClient.Forwarded r =
        GuestSocket.getKey(socket, "path", LocalDemo.KEY_PATH, "purpose", LocalDemo.KEY_PURPOSE);
    assertThat(r.status()).isEqualTo(200);
    String key = JSON.readTree(r.body()).get("key").asText();
    assertThat(key).matches("[0-9a-f]{64}");
    return key;
  }
}
