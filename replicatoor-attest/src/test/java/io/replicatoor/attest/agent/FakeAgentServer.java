package io.replicatoor.attest.agent;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-side guest agent on a real Unix socket (JDK {@link ServerSocketChannel} with {@link
 * UnixDomainSocketAddress}): parses each HTTP/1.1 request, records it, and lets a handler write any
 * raw bytes back, well-formed or not.
 */
final class FakeAgentServer implements Closeable {

  /** One recorded request. */
  record Request(String method, String target, Map<String, String> headers, byte[] body) {
    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Writes a response (or misbehaves) for one request. */
  @FunctionalInterface
  interface Handler {
    void handle(Request request, OutputStream out) throws Exception;
  }

  private final Path socket;
  private final ServerSocketChannel server;
  private final Handler handler;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  private FakeAgentServer(Path socket, Handler handler) throws IOException {
    this.socket = socket;
    this.handler = handler;
    Files.deleteIfExists(socket);
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    this.acceptor = Thread.ofPlatform().daemon().name("fake-agent-accept").start(this::acceptLoop);
  }

  static FakeAgentServer start(Path socket, Handler handler) throws IOException {
    return new FakeAgentServer(socket, handler);
  }

  Path socket() {
    return socket;
  }

  List<Request> requests() {
    return requests;
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel ch = server.accept();
        open.add(ch);
        Thread.ofPlatform().daemon().name("fake-agent-conn").start(() -> serve(ch));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(SocketChannel ch) {
    try (ch) {
      InputStream in = Channels.newInputStream(ch);
      OutputStream out = Channels.newOutputStream(ch);
      Request req = readRequest(in);
      if (req == null) {
        return;
      }
      requests.add(req);
      handler.handle(req, out);
      out.flush();
    } catch (Exception e) {
      // The client may have given up (timeouts); nothing to report.
    } finally {
      open.remove(ch);
    }
  }

  private static Request readRequest(InputStream in) throws IOException {
    String requestLine = line(in);
    if (requestLine == null || requestLine.isEmpty()) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      int c = h.indexOf(':');
      headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
    }
    int len = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(len);
    return new Request(parts[0], parts[1], headers, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
  }

  // ---- canned behaviours ----------------------------------------------------------------------

  /** A complete response with Content-Length. */
  static Handler respond(int status, String body) {
    return (req, out) -> out.write(httpResponse(status, body.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] httpResponse(int status, byte[] body) {
    String head =
        "HTTP/1.1 "
            + status
            + " X\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[h.length + body.length];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(body, 0, out, h.length, body.length);
    return out;
  }

  /** A 200 response in chunks of {@code chunk} bytes (with a chunk extension and a trailer). */
  static Handler chunked(String body, int chunk) {
    return (req, out) -> {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      out.write(
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      for (int off = 0; off < b.length; off += chunk) {
        int n = Math.min(chunk, b.length - off);
        out.write((Integer.toHexString(n) + ";ext=1\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b, off, n);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      out.write("0\r\nX-Trailer: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    };
  }

  /** Raw bytes, then close. */
  static Handler raw(String bytes) {
    return (req, out) -> out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Accepts the request and never answers. */
  static Handler silent() {
    return (req, out) -> Thread.sleep(60_000);
  }

  /** Sends a valid status line, then one header byte every {@code intervalMs} forever. */
  static Handler slowloris(long intervalMs) {
    return (req, out) -> {
      out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (int i = 0; i < 100_000; i++) {
        out.write('X');
        out.flush();
        Thread.sleep(intervalMs);
      }
    };
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (SocketChannel ch : open) {
      ch.close();
    }
    acceptor.interrupt();
    Files.deleteIfExists(socket);
  }
}
