package io.replicatoor.chain.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * A small real JSON-RPC proxy in front of anvil that can lie: it may rewrite each request before
 * forwarding and each response before returning it. Used to test that the verified reader rejects
 * forged headers, tampered proofs and disagreeing endpoints.
 */
public final class RpcProxy implements AutoCloseable {
  /** Rewrites a response; gets the (rewritten) request and anvil's response. */
  public interface Rewrite {
    JsonNode apply(ObjectNode request, ObjectNode response) throws Exception;
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long STALL_MILLIS = 600_000;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private volatile UnaryOperator<ObjectNode> requestRewrite = r -> r;
  private volatile Rewrite responseRewrite = (req, resp) -> resp;
  private volatile int stallAfterBytes = -1;

  private RpcProxy(URI upstream) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody();
              OutputStream out = exchange.getResponseBody()) {
            ObjectNode req = requestRewrite.apply((ObjectNode) MAPPER.readTree(in));
            HttpResponse<byte[]> up =
                http.send(
                    HttpRequest.newBuilder(upstream)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(req)))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode resp = responseRewrite.apply(req, (ObjectNode) MAPPER.readTree(up.body()));
            byte[] body = MAPPER.writeValueAsBytes(resp);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            int stall = stallAfterBytes;
            if (stall >= 0 && stall < body.length) {
              out.write(body, 0, stall);
              out.flush();
              long until = System.nanoTime() + STALL_MILLIS * 1_000_000;
              while (stallAfterBytes >= 0 && System.nanoTime() < until) {
                Thread.sleep(20); // until honest() or close()
              }
            }
            out.write(body);
          } catch (Exception e) {
            exchange.sendResponseHeaders(500, -1);
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  /** Starts an honest pass-through proxy to {@code upstream}. */
  public static RpcProxy start(URI upstream) throws IOException {
    return new RpcProxy(upstream);
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Rewrites responses from now on (replaces any previous rewrite). */
  public RpcProxy lieAboutResponses(Rewrite rewrite) {
    this.responseRewrite = rewrite;
    return this;
  }

  /** Rewrites requests from now on. */
  public RpcProxy lieAboutRequests(UnaryOperator<ObjectNode> rewrite) {
    this.requestRewrite = rewrite;
    return this;
  }

  /**
   * From now on sends the response headers and the first {@code bytes} bytes of every body, then
   * pauses (a slow-loris endpoint).
   */
  public RpcProxy stallAfter(int bytes) {
    this.stallAfterBytes = bytes;
    return this;
  }

  /** Back to honest forwarding. */
  public void honest() {
    this.requestRewrite = r -> r;
    this.responseRewrite = (req, resp) -> resp;
    this.stallAfterBytes = -1;
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
