package io.replicatoor.attest.localhttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared server's own contract over real sockets (Unix and TCP). */
class LocalHttpServerTest {
  @TempDir Path dir;

  private static final LocalHttpServer.Handler HANDLER =
      r -> {
        if (r.path().equals("/boom")) {
          throw new IllegalStateException("secret-looking detail");
        }
        return new LocalHttpServer.Response(
            200,
            "text/plain",
            (r.method() + " " + r.target() + " " + r.contentType() + " " + r.body().length)
                .getBytes(StandardCharsets.UTF_8));
      };

  private static final LocalHttpServer.ErrorBody ERRORS =
      (status, message) ->
          ("{\"status\":" + status + ",\"message\":\"" + message + "\"}")
              .getBytes(StandardCharsets.UTF_8);

  private static String exchange(SocketAddress a, String request) throws IOException {
    try (SocketChannel c =
        SocketChannel.open(
            a instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX
                : StandardProtocolFamily.INET)) {
      c.connect(a);
      OutputStream out = Channels.newOutputStream(c);
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void handlerFailureIs500WithTheErrorBodyAndTheServerKeepsServing() throws Exception {
    Path sock = dir.resolve("s.sock");
    try (LocalHttpServer s =
        LocalHttpServer.start(sock, HANDLER, ERRORS, 1024, Duration.ofSeconds(5))) {
      String boom = exchange(s.localAddress(), "POST /boom HTTP/1.1\r\nConnection: close\r\n\r\n");
      assertThat(boom)
          .startsWith("HTTP/1.1 500 Internal Server Error\r\n")
          .contains("{\"status\":500,\"message\":\"internal error\"}")
          .doesNotContain("secret-looking");
      String ok =
          exchange(
              s.localAddress(),
              "POST /x?json HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                  + "Connection: close\r\n\r\n{}");
      assertThat(ok).startsWith("HTTP/1.1 200 OK\r\n").endsWith("POST /x?json application/json 2");
      assertThat(s.socket()).contains(sock.toAbsolutePath());
    }
    assertThat(sock).doesNotExist();
  }

  @Test
  void bodyLimitAndConflictingLengthsAreRefusedBeforeTheHandler() throws Exception {
    try (LocalHttpServer s =
        LocalHttpServer.start(
            dir.resolve("l.sock"), HANDLER, ERRORS, 1024, Duration.ofSeconds(5))) {
      assertThat(exchange(s.localAddress(), "POST / HTTP/1.1\r\nContent-Length: 1025\r\n\r\n"))
          .startsWith("HTTP/1.1 413 ")
          .contains("\"status\":413");
      assertThat(
              exchange(
                  s.localAddress(),
                  "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"))
          .startsWith("HTTP/1.1 400 ");
      assertThat(exchange(s.localAddress(), "GET http://x/ HTTP/1.1\r\n\r\n"))
          .startsWith("HTTP/1.1 400 ");
      assertThat(exchange(s.localAddress(), "GET /a HTTP/1.0\r\n\r\n"))
          .startsWith("HTTP/1.1 200 ")
          .contains("Connection: close");
    }
  }

  @Test
  void servesTcpToo() throws Exception {
    try (LocalHttpServer s =
        LocalHttpServer.start(
            new InetSocketAddress("127.0.0.1", 0), HANDLER, ERRORS, 1024, Duration.ofSeconds(5))) {
      assertThat(((InetSocketAddress) s.localAddress()).getPort()).isPositive();
      assertThat(s.socket()).isEmpty();
      assertThat(exchange(s.localAddress(), "GET /t HTTP/1.1\r\nConnection: close\r\n\r\n"))
          .startsWith("HTTP/1.1 200 ")
          .endsWith("GET /t  0");
    }
  }
}
