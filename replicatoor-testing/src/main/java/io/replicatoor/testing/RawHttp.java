package io.replicatoor.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A raw HTTP/1.1 connection for tests over a real Unix or TCP socket: writes exact request bytes,
 * reads one response. Talks to the simulator and the shells without an HTTP client in between.
 */
public final class RawHttp implements AutoCloseable {
  /** One response: status code, body (UTF-8) and the head (status line and headers). */
  public record Reply(int status, String body, String head) {}

  private final SocketChannel ch;
  private final InputStream in;

  /**
   * POSTs {@code body} (JSON) to {@code target} with {@code Connection: close} and returns the raw
   * response (status line, headers and body) read until the peer closes.
   */
  public static String postAndClose(SocketAddress address, String target, String body)
      throws IOException {
    try (RawHttp c = new RawHttp(address)) {
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      c.send(
          "POST "
              + target
              + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Connection: close\r\nContent-Length: "
              + content.length
              + "\r\n\r\n"
              + body);
      return new String(c.in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Connects to a Unix-domain ({@link UnixDomainSocketAddress}) or TCP address. */
  public RawHttp(SocketAddress address) throws IOException {
    ch =
        address instanceof UnixDomainSocketAddress
            ? SocketChannel.open(StandardProtocolFamily.UNIX)
            : SocketChannel.open();
    ch.connect(address);
    in = Channels.newInputStream(ch);
  }

  /** Writes {@code raw} as UTF-8, unchanged. */
  public void send(String raw) throws IOException {
    Channels.newOutputStream(ch).write(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** POSTs {@code json} to {@code target} (keep-alive) and reads the response. */
  public Reply post(String target, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    send(
        "POST "
            + target
            + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + b.length
            + "\r\n\r\n"
            + json);
    return read();
  }

  /** Reads one response (head, then {@code Content-Length} body bytes). */
  public Reply read() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed before the response head ended");
      }
      head.write(c);
      matched =
          (c == '\r' && (matched == 0 || matched == 2))
                  || (c == '\n' && (matched == 1 || matched == 3))
              ? matched + 1
              : (c == '\r' ? 1 : 0);
    }
    String h = head.toString(StandardCharsets.ISO_8859_1);
    int status = Integer.parseInt(h.substring(9, 12));
    int len = 0;
    for (String line : h.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        len = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(len);
    return new Reply(status, new String(body, StandardCharsets.UTF_8), h);
  }

  /** True when the peer closed the connection (read returns EOF). */
  public boolean closedByPeer() throws IOException {
    return in.read() < 0;
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
