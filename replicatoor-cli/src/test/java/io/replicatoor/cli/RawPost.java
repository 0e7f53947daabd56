package io.replicatoor.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One hand-written HTTP/1.1 POST ({@code Connection: close}) over a real socket, returning the raw
 * response (status line, headers and body), for talking to {@code simulate} without a client.
 */
final class RawPost {
  private RawPost() {}

  /** POSTs {@code body} (JSON) to {@code target} over the Unix socket {@code sock}. */
  static String unix(Path sock, String target, String body) throws IOException {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(sock));
      return exchange(c, target, body);
    }
  }

  /** POSTs {@code body} (JSON) to {@code target} on loopback TCP {@code port}. */
  static String tcp(int port, String target, String body) throws IOException {
    try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
      return exchange(c, target, body);
    }
  }

  private static String exchange(SocketChannel c, String target, String body) throws IOException {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Connection: close\r\nContent-Length: " + content.length + "\r\n\r\n";
    byte[] request =
        Arrays.copyOf(head.getBytes(StandardCharsets.US_ASCII), head.length() + content.length);
    System.arraycopy(content, 0, request, head.length(), content.length);
    c.write(ByteBuffer.wrap(request));
    return new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
  }
}
