package io.replicatoor.attest.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.testing.SharedVectors;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http(s):// transport against a real JDK HTTP server on loopback. */
class HttpEndpointTest {
  private HttpServer server;
  private URI base;
  private final AtomicReference<String> lastPath = new AtomicReference<>();
  private final AtomicReference<String> lastContentType = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] quote = SharedVectors.read("dstack", "verifier-fixtures", "quote-report.json");
    server.createContext(
        "/",
        ex -> {
          lastPath.set(ex.getRequestURI().toString());
          lastContentType.set(ex.getRequestHeaders().getFirst("Content-Type"));
          ex.getRequestBody().readAllBytes();
          String p = ex.getRequestURI().getPath();
          try (OutputStream out = ex.getResponseBody()) {
            switch (p) {
              case "/GetQuote" -> {
                ex.sendResponseHeaders(200, quote.length);
                out.write(quote);
              }
              case "/Info" -> {
                byte[] b = "{\"error\":\"not ready\"}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(503, b.length);
                out.write(b);
              }
              case "/prpc/Tappd.Info" -> {
                byte[] b =
                    ("{\"app_id\":\"" + "a".repeat(10_000) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, 0); // chunked
                out.write(b);
              }
              default -> {
                try {
                  Thread.sleep(1_500);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                ex.sendResponseHeaders(200, -1);
              }
            }
          }
        });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void getQuote_overHttp_parsed() throws Exception {
    QuoteResponse r = GuestAgentClient.forEndpoint(base).getQuote(new byte[] {0x12, 0x34});
    assertThat(r.eventLog().size()).isEqualTo(28);
    assertThat(lastPath.get()).isEqualTo("/GetQuote");
    assertThat(lastContentType.get()).isEqualTo("application/json");
  }

  @Test
  void info_http503_agentError() {
    assertThatThrownBy(() -> GuestAgentClient.forEndpoint(base).info())
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AGENT_ERROR))
        .hasMessageContaining("HTTP 503: not ready");
  }

  @Test
  void tappdInfo_oversizedChunkedBody_responseInvalid() {
    GuestAgentClient c =
        GuestAgentClient.forEndpoint(base, AgentApi.LEGACY).withMaxResponseBytes(1000);
    assertThatThrownBy(c::tappdInfo)
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AGENT_RESPONSE_INVALID))
        .hasMessageContaining("exceeds the limit of 1000");
  }

  @Test
  void getKey_slowServer_timeout() {
    GuestAgentClient c = GuestAgentClient.forEndpoint(base).withTimeout(Duration.ofMillis(300));
    assertThatThrownBy(() -> c.getKey("p", "q"))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AGENT_TIMEOUT));
  }

  @Test
  void info_closedPort_unavailable() throws Exception {
    URI dead;
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = URI.create("http://127.0.0.1:" + ss.getLocalPort());
    }
    URI target = dead;
    assertThatThrownBy(() -> GuestAgentClient.forEndpoint(target).info())
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AGENT_UNAVAILABLE));
  }

  @Test
  void forEndpoint_nonHttpScheme_rejected() {
    assertThatThrownBy(() -> GuestAgentClient.forEndpoint(URI.create("ftp://x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
