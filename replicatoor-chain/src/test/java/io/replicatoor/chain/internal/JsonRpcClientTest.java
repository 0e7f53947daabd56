package io.replicatoor.chain.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport's limits against a real HTTP server that misbehaves. */
class JsonRpcClientTest {
  /** What the server does with each request. */
  interface Behaviour {
    void answer(OutputStream out, HttpExchange ex) throws Exception;
  }

  HttpServer server;
  final AtomicReference<Behaviour> behaviour = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        ex -> {
          try (OutputStream out = ex.getResponseBody()) {
            ex.getRequestBody().readAllBytes();
            behaviour.get().answer(out, ex);
          } catch (Exception e) {
            // the client gave up
          } finally {
            ex.close();
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  JsonRpcClient client(Duration timeout) {
    return new JsonRpcClient(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
        HttpClient.newHttpClient(),
        timeout);
  }

  @Test
  void slowBody_afterHeaders_failsAtTheDeadline() {
    behaviour.set((out, ex) -> {
      byte[] body =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      out.write(body, 0, 10);
      out.flush();
      Thread.sleep(30_000);
    });
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> client(Duration.ofMillis(800)).call("eth_chainId", List.of()))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.RPC_UNAVAILABLE);
              assertThat(e.getMessage()).contains("timed out after 800 ms");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void oversizedBody_rpcErrorWithoutBufferingIt() {
    behaviour.set((out, ex) -> {
      ex.sendResponseHeaders(200, 0); // chunked, no length announced
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) ' ');
      for (int i = 0; i < (JsonRpcClient.MAX_RESPONSE_BYTES / chunk.length) + 8; i++) {
        out.write(chunk);
      }
    });
    assertThatThrownBy(() -> client(Duration.ofSeconds(20)).call("eth_chainId", List.of()))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.RPC_ERROR);
              assertThat(e.getMessage())
                  .contains("larger than " + JsonRpcClient.MAX_RESPONSE_BYTES);
            });
  }

  @Test
  void nullResult_isANullNodeOnlyWhenAllowed() throws Exception {
    behaviour.set((out, ex) -> {
      byte[] body =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      out.write(body);
    });
    JsonRpcClient c = client(Duration.ofSeconds(5));
    assertThat(
            c.callAsyncAllowingNull("eth_getBlockByNumber", List.of("0x99", false)).join().isNull())
        .isTrue();
    behaviour.set((out, ex) -> {
      byte[] body =
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":null}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      out.write(body);
    });
    assertThatThrownBy(() -> c.call("eth_getBlockByNumber", List.of("0x99", false)))
        .hasMessageContaining("empty result");
  }
}
