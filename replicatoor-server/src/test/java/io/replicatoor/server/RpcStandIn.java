package io.replicatoor.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real JSON-RPC endpoint stand-in on loopback: forwards every POST, whatever its path, to an
 * upstream node (anvil) and records the path; it can hang (never answer), lie (a block header whose
 * fields no longer hash to its hash) or forward to another upstream (a node that disagrees).
 */
final class RpcStandIn implements AutoCloseable {
  enum Mode {
    PASS,
    HANG,
    LIE,
    /** A JSON-RPC error whose text echoes the request path (as some providers echo the key). */
    ECHO_PATH
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private volatile URI upstream;
  private volatile Mode mode = Mode.PASS;
  private volatile CountDownLatch release = new CountDownLatch(1);

  RpcStandIn(URI upstream) throws IOException {
    this.upstream = upstream;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Every request path (with what the client put into it), in order. */
  List<String> paths() {
    return paths;
  }

  void mode(Mode m) {
    if (mode == Mode.HANG && m != Mode.HANG) {
      release.countDown();
      release = new CountDownLatch(1);
    }
    mode = m;
  }

  void upstream(URI u) {
    upstream = u;
  }

  private void handle(HttpExchange ex) throws IOException {
    paths.add(ex.getRequestURI().getRawPath());
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      Mode m = mode;
      if (m == Mode.HANG) {
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return; // the connection closes without an answer
      }
      if (m == Mode.ECHO_PATH) {
        long id = JSON.readTree(body).path("id").asLong();
        byte[] out =
            JSON.writeValueAsBytes(
                JSON.createObjectNode()
                    .put("jsonrpc", "2.0")
                    .put("id", id)
                    .set(
                        "error",
                        JSON.createObjectNode()
                            .put("code", -32000)
                            .put("message", "invalid key in " + ex.getRequestURI().getRawPath())));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, out.length);
        ex.getResponseBody().write(out);
        return;
      }
      HttpResponse<byte[]> r;
      try {
        r =
            client.send(
                HttpRequest.newBuilder(upstream)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        ex.sendResponseHeaders(502, -1);
        return;
      }
      byte[] out = r.body();
      if (m == Mode.LIE
          && JSON.readTree(body).path("method").asText().startsWith("eth_getBlockBy")) {
        out = lie(out);
      }
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(r.statusCode(), out.length);
      ex.getResponseBody().write(out);
    }
  }

  /** Changes the block's state root: its fields no longer hash to the hash it reports. */
  private static byte[] lie(byte[] response) throws IOException {
    JsonNode root = JSON.readTree(response);
    JsonNode result = root.path("result");
    if (result instanceof ObjectNode block && block.has("stateRoot")) {
      String s = block.get("stateRoot").asText();
      char last = s.charAt(s.length() - 1);
      block.put("stateRoot", s.substring(0, s.length() - 1) + (last == '0' ? '1' : '0'));
    }
    return JSON.writeValueAsBytes(root);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }
}
