package io.replicatoor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.attest.localhttp.LocalHttpServer;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.sim.GuestAgentSimulator;
import io.replicatoor.sim.ImageConfig;
import io.replicatoor.sim.SimulatorServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest API over a real Unix socket: {@code /getkey} and the agent's {@code GetKey} shape
 * against core's derivation, refusals before the instance holds state, malformed, oversized and
 * wrong-method requests, and the pass-through of other agent routes to a simulator agent socket.
 */
class GuestApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final TestNet net = new TestNet();
  private LocalHttpServer guest;
  private SimulatorServer agent;

  @AfterEach
  void stop() throws IOException {
    if (guest != null) {
      guest.close();
    }
    if (agent != null) {
      agent.close();
    }
    net.close();
  }

  /** One raw HTTP/1.1 exchange over the socket ({@code Connection: close}). */
  record Answer(int status, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  static Answer raw(Path socket, String requestHead, byte[] body) throws IOException {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socket));
      OutputStream out = Channels.newOutputStream(c);
      byte[] head = requestHead.getBytes(StandardCharsets.ISO_8859_1);
      byte[] request = Arrays.copyOf(head, head.length + body.length);
      System.arraycopy(body, 0, request, head.length, body.length);
      try {
        // One write: a server that answers from the head alone (411, 413, 431) and closes must
        // not turn the rest of the request into a broken pipe on this side.
        out.write(request);
        out.flush();
      } catch (IOException closedEarly) {
        // The server refused from what it had read and closed; its answer is still readable.
      }
      InputStream in = Channels.newInputStream(c);
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int sep = all.indexOf("\r\n\r\n");
      assertThat(sep).as("complete head in %s", all).isPositive();
      int status = Integer.parseInt(all.substring(9, 12));
      return new Answer(status, all.substring(sep + 4));
    }
  }

  static Answer post(Path socket, String target, String contentType, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return raw(
        socket,
        "POST "
            + target
            + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
            + "Content-Length: "
            + b.length
            + "\r\n\r\n",
        b);
  }

  private Path serveGuest(TestNet.Node node, Optional<GuestAgentClient> agentClient)
      throws IOException {
    Path socket = dir.resolve("replicatoor.sock");
    guest = new GuestApi(node.r, agentClient).serve(socket);
    return socket;
  }

  /** {@code r} is a JSON error with HTTP {@code status} and error code {@code code}. */
  private static void assertError(Answer r, int status, String code) throws IOException {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().get("error").asText()).isEqualTo(code);
  }

  private static String keyHex(DerivedKey d) {
    return Hex.encode(d.key().reveal(SecretAccess.insecure()));
  }

  @Test
  void getkeyAnswersCoresDerivedKeyWithPublicKeyAddressAndSignature() throws Exception {
    TestNet.Node a = net.serving("A");
    Path s = serveGuest(a, Optional.empty());

    JsonNode j =
        post(s, "/getkey", "application/json", "{\"path\":\"wallet/0\",\"purpose\":\"signing\"}")
            .json();
    DerivedKey d = a.r.deriveKey("wallet/0", "signing", "secp256k1");
    assertThat(j.get("algorithm").asText()).isEqualTo("secp256k1");
    assertThat(j.get("path").asText()).isEqualTo("wallet/0");
    assertThat(j.get("purpose").asText()).isEqualTo("signing");
    assertThat(j.get("key").asText()).isEqualTo(keyHex(d)).hasSize(64);
    assertThat(j.get("publicKey").asText()).isEqualTo(Hex.encode(d.publicKey())).hasSize(130);
    assertThat(j.get("address").asText()).isEqualTo(d.address().orElseThrow().toPrefixedHex());
    assertThat(j.get("signature").asText()).isEqualTo(Hex.encode(d.signature())).hasSize(130);
    assertThat(j.get("statePublicKey").asText()).isEqualTo(Hex.encode(d.statePublicKey()));

    // The original's curl sends no content type; an explicit algorithm (and its alias) is honoured.
    JsonNode e =
        post(s, "/getkey", null, "{\"path\":\"p\",\"purpose\":\"q\",\"algorithm\":\"ed25519\"}")
            .json();
    assertThat(e.get("algorithm").asText()).isEqualTo("ed25519");
    assertThat(e.get("key").asText()).isEqualTo(keyHex(a.r.deriveKey("p", "q", "ed25519")));
    assertThat(e.has("address")).isFalse();
    JsonNode k =
        post(s, "/getkey", null, "{\"path\":\"p\",\"purpose\":\"q\",\"algorithm\":\"k256\"}")
            .json();
    assertThat(k.get("key").asText()).isEqualTo(keyHex(a.r.deriveKey("p", "q", "secp256k1")));
    assertThat(k.get("key").asText()).isNotEqualTo(e.get("key").asText());
  }

  @Test
  void dstackGetKeyShapeOnEveryPathTheSdksUse() throws Exception {
    TestNet.Node a = net.serving("A");
    Path s = serveGuest(a, Optional.empty());
    DerivedKey d = a.r.deriveKey("app/db", "encryption", "secp256k1");
    for (String target :
        List.of("/GetKey", "/GetKey?json", "/prpc/GetKey?json", "/prpc/DstackGuest.GetKey")) {
      Answer r =
          post(
              s,
              target,
              "application/json",
              "{\"path\":\"app/db\",\"purpose\":\"encryption\",\"algorithm\":\"\"}");
      assertThat(r.status()).as(target).isEqualTo(200);
      JsonNode j = r.json();
      assertThat(j.get("key").asText()).as(target).isEqualTo(keyHex(d));
      assertThat(j.get("signature_chain")).hasSize(2);
      assertThat(j.get("signature_chain").get(0).asText()).isEqualTo(Hex.encode(d.signature()));
      assertThat(j.get("signature_chain").get(1).asText())
          .isEqualTo(Hex.encode(d.statePublicKey()));
      assertThat(j.get("public_key").asText()).isEqualTo(Hex.encode(d.publicKey()));
    }
    // Different inputs, different keys.
    JsonNode other =
        post(s, "/GetKey", "application/json", "{\"path\":\"app/db2\",\"purpose\":\"encryption\"}")
            .json();
    assertThat(other.get("key").asText()).isNotEqualTo(keyHex(d));
  }

  @Test
  void keyRoutesRefuseBeforeTheInstanceHoldsState() throws Exception {
    TestNet.Node b = net.waiting("B");
    Path s = serveGuest(b, Optional.empty());
    for (String target : List.of("/getkey", "/GetKey")) {
      Answer r = post(s, target, "application/json", "{\"path\":\"p\",\"purpose\":\"q\"}");
      assertThat(r.status()).as(target).isEqualTo(409);
      assertThat(r.json().get("error").asText()).isEqualTo("NOT_CONFIGURED");
      assertThat(r.json().get("message").asText()).isNotBlank();
    }
  }

  @Test
  void aGenesisCandidateHasNoKeysYet() throws Exception {
    TestNet.Node g = net.waiting("G");
    g.r.genesis();
    Path s = serveGuest(g, Optional.empty());
    assertError(
        post(s, "/getkey", "application/json", "{\"path\":\"p\",\"purpose\":\"q\"}"),
        409,
        "NOT_SERVING");
  }

  @Test
  void badRequestsGetJsonErrorsAndTheServerKeepsServing() throws Exception {
    TestNet.Node a = net.serving("A");
    Path s = serveGuest(a, Optional.empty());
    record Case(String target, String contentType, String body, int status, String code) {}
    List<Case> cases =
        List.of(
            new Case("/getkey", "application/json", "{not json", 400, "BAD_REQUEST"),
            new Case("/getkey", "application/json", "[1,2]", 400, "BAD_REQUEST"),
            new Case("/getkey", "application/json", "", 400, "BAD_REQUEST"),
            new Case("/getkey", "application/json", "{\"path\":\"p\"}", 400, "BAD_REQUEST"),
            new Case(
                "/getkey",
                "application/json",
                "{\"path\":1,\"purpose\":\"q\"}",
                400,
                "BAD_REQUEST"),
            new Case(
                "/getkey",
                "application/json",
                "{\"path\":\"p\",\"purpose\":\"q\",\"extra\":1}",
                400,
                "BAD_REQUEST"),
            new Case(
                "/getkey",
                "application/json",
                "{\"path\":\"p\",\"purpose\":\"q\",\"algorithm\":\"rsa\"}",
                400,
                "BAD_REQUEST"),
            new Case(
                "/GetKey",
                "text/plain",
                "{\"path\":\"p\",\"purpose\":\"q\"}",
                415,
                "UNSUPPORTED_MEDIA_TYPE"),
            new Case("/GetKey", "application/json", "{\"purpose\":\"q\"}", 400, "BAD_REQUEST"),
            new Case("/nowhere", "application/json", "{}", 404, "NOT_FOUND"));
    for (Case c : cases) {
      Answer r = post(s, c.target(), c.contentType(), c.body());
      assertThat(r.status()).as(c.toString()).isEqualTo(c.status());
      assertThat(r.json().get("error").asText()).as(c.toString()).isEqualTo(c.code());
      assertThat(r.body()).doesNotContain("not json");
    }

    Answer get =
        raw(s, "GET /getkey HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", new byte[0]);
    assertError(get, 405, "METHOD_NOT_ALLOWED");

    Answer big =
        raw(
            s,
            "POST /getkey HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
                + (GuestApi.MAX_BODY_BYTES + 1)
                + "\r\n\r\n",
            new byte[0]);
    assertError(big, 413, "PAYLOAD_TOO_LARGE");

    Answer chunked =
        raw(
            s,
            "POST /getkey HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(chunked.status()).isEqualTo(411);

    Answer garbage = raw(s, "HELLO\r\n\r\n", new byte[0]);
    assertError(garbage, 400, "BAD_REQUEST");

    StringBuilder manyHeaders = new StringBuilder("POST /getkey HTTP/1.1\r\n");
    for (int i = 0; i < LocalHttpServer.MAX_HEADERS + 2; i++) {
      manyHeaders.append("X-H").append(i).append(": v\r\n");
    }
    Answer headers = raw(s, manyHeaders.append("\r\n").toString(), new byte[0]);
    assertThat(headers.status()).isEqualTo(431);

    Answer ok = post(s, "/getkey", "application/json", "{\"path\":\"p\",\"purpose\":\"q\"}");
    assertThat(ok.status()).isEqualTo(200);
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    TestNet.Node a = net.serving("A");
    Path s = serveGuest(a, Optional.empty());
    byte[] body = "{\"path\":\"p\",\"purpose\":\"q\"}".getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /getkey HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(s));
      OutputStream out = Channels.newOutputStream(c);
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      for (int i = 0; i < 3; i++) {
        req.write(head.getBytes(StandardCharsets.US_ASCII));
        req.write(body);
      }
      req.write(
          "GET /getkey HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(req.toByteArray());
      out.flush();
      String all = new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(all.split("HTTP/1.1 200 ", -1)).hasSize(4);
      assertThat(all).contains("HTTP/1.1 405 ");
    }
  }

  @Test
  void otherAgentRoutesPassThroughToTheRealAgentUnchanged() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    GuestAgentSimulator.Setup setup =
        GuestAgentSimulator.setUp(
            dir.resolve("sim"),
            "{\"services\":{}}".getBytes(StandardCharsets.UTF_8),
            null,
            ImageConfig.defaults(),
            clock,
            new SecureRandom());
    Path agentSock = dir.resolve("dstack.sock");
    agent =
        SimulatorServer.start(
            setup.simulator(),
            List.of(SimulatorServer.Listener.unix(agentSock, GuestAgentSimulator.Api.CURRENT)));
    TestNet.Node a = net.serving("A");
    Path s = serveGuest(a, Optional.of(GuestAgentClient.forUnixSocket(agentSock)));

    String reportData = "ab".repeat(64);
    Answer q = post(s, "/GetQuote", "application/json", "{\"report_data\":\"" + reportData + "\"}");
    assertThat(q.status()).isEqualTo(200);
    JsonNode quote = q.json();
    assertThat(quote.get("report_data").asText()).isEqualTo(reportData);
    assertThat(quote.get("quote").asText()).contains(reportData);
    assertThat(quote.get("event_log").isTextual()).isTrue();

    Answer viaGuest = post(s, "/Info", "application/json", "{}");
    Answer direct = post(agentSock, "/Info", "application/json", "{}");
    assertThat(viaGuest.status()).isEqualTo(200);
    assertThat(viaGuest.body()).isEqualTo(direct.body());

    Answer version = raw(s, "GET /Version HTTP/1.1\r\nConnection: close\r\n\r\n", new byte[0]);
    assertThat(version.status()).isEqualTo(200);
    assertThat(version.json().get("version").asText()).isEqualTo(GuestAgentSimulator.VERSION);

    // The agent's own errors come back unchanged (status and body).
    Answer tooLong =
        post(s, "/GetQuote", "application/json", "{\"report_data\":\"" + "00".repeat(65) + "\"}");
    Answer tooLongDirect =
        post(
            agentSock,
            "/GetQuote",
            "application/json",
            "{\"report_data\":\"" + "00".repeat(65) + "\"}");
    assertThat(tooLong.status()).isEqualTo(tooLongDirect.status()).isNotEqualTo(200);
    assertThat(tooLong.body()).isEqualTo(tooLongDirect.body());

    // GetKey is answered by replicatoor, never by the agent.
    JsonNode k =
        post(s, "/GetKey", "application/json", "{\"path\":\"p\",\"purpose\":\"q\"}").json();
    assertThat(k.get("key").asText()).isEqualTo(keyHex(a.r.deriveKey("p", "q", "secp256k1")));
    JsonNode agentKey =
        post(agentSock, "/GetKey", "application/json", "{\"path\":\"p\",\"purpose\":\"q\"}").json();
    assertThat(agentKey.get("key").asText()).isNotEqualTo(k.get("key").asText());

    // An agent that went away: a JSON error, not a hang.
    agent.close();
    agent = null;
    assertError(post(s, "/Info", "application/json", "{}"), 503, "AGENT_UNAVAILABLE");
  }

  @Test
  void aStaleSocketIsReplacedButALiveOneOrAFileIsNot() throws Exception {
    TestNet.Node a = net.serving("A");
    Path s = serveGuest(a, Optional.empty());
    assertThatThrownBy(() -> new GuestApi(a.r, Optional.empty()).serve(s))
        .hasMessageContaining("in use");
    Path file = dir.resolve("plain");
    Files.writeString(file, "x");
    assertThatThrownBy(() -> new GuestApi(a.r, Optional.empty()).serve(file))
        .hasMessageContaining("not a Unix socket");
  }

  @Test
  void optionalTcpListener_servesTheSameRoutes_overRealTcp_hostPortStill404() throws Exception {
    TestNet.Node a = net.serving("A");
    guest = new GuestApi(a.r, Optional.empty()).serve(new InetSocketAddress("127.0.0.1", 0));
    int port = ((InetSocketAddress) guest.localAddress()).getPort();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/getkey"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"path\":\"wallet/0\",\"purpose\":\"signing\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("key").asText())
        .isEqualTo(keyHex(a.r.deriveKey("wallet/0", "signing", "secp256k1")));
    HttpResponse<String> sdk =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/GetKey"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"path\":\"wallet/0\",\"purpose\":\"signing\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(sdk.body()).get("key").asText())
        .isEqualTo(JSON.readTree(r.body()).get("key").asText());
    // The host port still has no guest route.
    assertThat(Http.get(a.url("/getkey")).statusCode()).isEqualTo(404);
    assertThat(
            Http.post(a.url("/getkey"), "application/json", "{\"path\":\"a\",\"purpose\":\"b\"}")
                .statusCode())
        .isEqualTo(404);
  }
}
