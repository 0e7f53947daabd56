package io.replicatoor.attest.agent;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Minimal HTTP/1.1 client over a Unix-domain {@link SocketChannel} (JDK 16+ {@link
 * UnixDomainSocketAddress}; the JDK {@code HttpClient} cannot use one): one request per connection
 * with {@code Connection: close}, {@code Content-Length} request bodies, and {@code
 * Content-Length}, chunked or close-delimited responses (dstack-guest-interface.md 1.8).
 *
 * <p>Security guarantees: the whole exchange (connect, write, read) must finish before one
 * deadline, so a slow or silent agent yields {@code AGENT_TIMEOUT}; at most {@code
 * maxResponseBytes} are read (head and body together); an ambiguous framing (both {@code
 * Content-Length} and {@code Transfer-Encoding}, or two different lengths) is rejected.
 */
final class UnixHttpTransport implements AgentTransport {
  /** Largest status line or header line. */
  static final int MAX_LINE = 8 * 1024;

  /** Most header lines in one response. */
  static final int MAX_HEADERS = 100;

  private static final int READ_CHUNK = 16 * 1024;

  private final Path socket;
  private final Duration timeout;
  private final int maxResponseBytes;

  UnixHttpTransport(Path socket, Duration timeout, int maxResponseBytes) {
    this.socket = socket;
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
  }

  @Override
  public String describe() {
    return "unix:" + socket;
  }

  @Override
  public HttpResult exchange(String method, String target, byte[] body)
      throws ReplicatoorException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      ch.configureBlocking(false);
      connect(ch, selector, deadline);
      write(ch, selector, request(method, target, body), deadline);
      return new ResponseReader(ch, selector, deadline).read();
    } catch (IOException e) {
      throw new ReplicatoorException(
          ErrorCode.AGENT_UNAVAILABLE,
          "I/O error talking to the guest agent at " + describe() + ": " + e.getMessage());
    }
  }

  private byte[] request(String method, String target, byte[] body) {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: localhost\r\n");
    head.append("Accept: application/json\r\n");
    head.append("Connection: close\r\n");
    if (body != null) {
      head.append("Content-Type: application/json\r\n");
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    if (body == null) {
      return h;
    }
    byte[] out = new byte[h.length + body.length];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(body, 0, out, h.length, body.length);
    return out;
  }

  private void connect(SocketChannel ch, Selector selector, long deadline)
      throws ReplicatoorException {
    try {
      if (ch.connect(UnixDomainSocketAddress.of(socket))) {
        return;
      }
      SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
      while (!ch.finishConnect()) {
        await(selector, deadline, "connecting");
      }
      key.cancel();
      selector.selectNow();
    } catch (IOException e) {
      throw new ReplicatoorException(
          ErrorCode.AGENT_UNAVAILABLE,
          "cannot connect to the guest agent at " + describe() + ": " + e.getMessage());
    }
  }

  private void write(SocketChannel ch, Selector selector, byte[] bytes, long deadline)
      throws IOException, ReplicatoorException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    SelectionKey key = ch.register(selector, SelectionKey.OP_WRITE);
    while (buf.hasRemaining()) {
      if (ch.write(buf) == 0) {
        await(selector, deadline, "sending the request");
      }
    }
    key.interestOps(SelectionKey.OP_READ);
  }

  private void await(Selector selector, long deadline, String phase)
      throws IOException, ReplicatoorException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw timeout(phase);
    }
    selector.select(Math.max(1, Duration.ofNanos(remaining).toMillis()));
    selector.selectedKeys().clear();
  }

  private ReplicatoorException timeout(String phase) {
    return new ReplicatoorException(
        ErrorCode.AGENT_TIMEOUT,
        "guest agent at "
            + describe()
            + " did not answer within "
            + timeout.toMillis()
            + " ms ("
            + phase
            + ")");
  }

  static ReplicatoorException invalid(String message) {
    return new ReplicatoorException(ErrorCode.AGENT_RESPONSE_INVALID, message);
  }

  /** Reads one response with the deadline and size limit. */
  private final class ResponseReader {
    private final SocketChannel ch;
    private final Selector selector;
    private final long deadline;
    private final ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
    private long consumed;
    private boolean eof;

    ResponseReader(SocketChannel ch, Selector selector, long deadline) {
      this.ch = ch;
      this.selector = selector;
      this.deadline = deadline;
      buf.flip(); // empty, in read mode
    }

    HttpResult read() throws IOException, ReplicatoorException {
      String status = line("status line");
      int code = statusCode(status);
      long contentLength = -1;
      boolean chunked = false;
      boolean sawTransferEncoding = false;
      for (int n = 0; ; n++) {
        String h = line("header");
        if (h.isEmpty()) {
          break;
        }
        if (n >= MAX_HEADERS) {
          throw invalid("guest agent response has more than " + MAX_HEADERS + " headers");
        }
        int colon = h.indexOf(':');
        if (colon <= 0) {
          throw invalid("guest agent response has a malformed header line");
        }
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        if (name.equals("content-length")) {
          long v = parseLength(value);
          if (contentLength >= 0 && v != contentLength) {
            throw invalid("guest agent response has conflicting Content-Length headers");
          }
          contentLength = v;
        } else if (name.equals("transfer-encoding")) {
          sawTransferEncoding = true;
          if (!value.equalsIgnoreCase("chunked")) {
            throw invalid("guest agent response uses unsupported Transfer-Encoding");
          }
          chunked = true;
        }
      }
      if (sawTransferEncoding && contentLength >= 0) {
        throw invalid("guest agent response has both Content-Length and Transfer-Encoding");
      }
      byte[] body;
      if (chunked) {
        body = chunkedBody();
      } else if (contentLength >= 0) {
        body = exactly(contentLength);
      } else {
        body = untilEof();
      }
      return new HttpResult(code, body);
    }

    private int statusCode(String line) throws ReplicatoorException {
      // "HTTP/1.1 200 OK" (RFC 9112 section 4)
      if (!(line.startsWith("HTTP/1.1 ") || line.startsWith("HTTP/1.0 ")) || line.length() < 12) {
        throw invalid("guest agent did not answer with an HTTP/1.x status line");
      }
      String digits = line.substring(9, 12);
      for (int i = 0; i < 3; i++) {
        if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
          throw invalid("guest agent status line has a malformed status code");
        }
      }
      if (line.length() > 12 && line.charAt(12) != ' ') {
        throw invalid("guest agent status line has a malformed status code");
      }
      return Integer.parseInt(digits);
    }

    private long parseLength(String v) throws ReplicatoorException {
      if (v.isEmpty() || v.length() > 12 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw invalid("guest agent response has a malformed Content-Length");
      }
      long n = Long.parseLong(v);
      if (n > maxResponseBytes) {
        throw tooLarge();
      }
      return n;
    }

    private byte[] chunkedBody() throws IOException, ReplicatoorException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = line("chunk size");
        int semi = sizeLine.indexOf(';');
        String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
        if (hex.isEmpty()
            || hex.length() > 8
            || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
          throw invalid("guest agent response has a malformed chunk size");
        }
        long size = Long.parseLong(hex, 16);
        if (size == 0) {
          // Trailer section: header lines until an empty line.
          for (int n = 0; !line("trailer").isEmpty(); n++) {
            if (n >= MAX_HEADERS) {
              throw invalid("guest agent response has too many trailer lines");
            }
          }
          return out.toByteArray();
        }
        if (Math.addExact(out.size(), size) > maxResponseBytes) {
          throw tooLarge();
        }
        out.write(exactly(size));
        if (!line("chunk end").isEmpty()) {
          throw invalid("guest agent response chunk is not followed by CRLF");
        }
      }
    }

    private byte[] exactly(long n) throws IOException, ReplicatoorException {
      byte[] out = new byte[(int) n];
      int off = 0;
      while (off < n) {
        if (!fill()) {
          throw invalid(
              "guest agent closed the connection after " + off + " of " + n + " body bytes");
        }
        int take = (int) Math.min(buf.remaining(), n - off);
        buf.get(out, off, take);
        off += take;
      }
      return out;
    }

    private byte[] untilEof() throws IOException, ReplicatoorException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (fill()) {
        byte[] part = new byte[buf.remaining()];
        buf.get(part);
        out.write(part);
        if (out.size() > maxResponseBytes) {
          throw tooLarge();
        }
      }
      return out.toByteArray();
    }

    /** A CRLF- (or LF-) terminated ASCII line without its terminator. */
    private String line(String what) throws IOException, ReplicatoorException {
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (!fill()) {
          throw invalid("guest agent closed the connection inside the " + what);
        }
        byte b = buf.get();
        if (b == '\n') {
          int len = sb.length();
          if (len > 0 && sb.charAt(len - 1) == '\r') {
            sb.setLength(len - 1);
          }
          return sb.toString();
        }
        if (sb.length() >= MAX_LINE) {
          throw invalid("guest agent response has a " + what + " longer than " + MAX_LINE);
        }
        sb.append((char) (b & 0xFF));
      }
    }

    /** Ensures buffered bytes; false at end of stream. */
    private boolean fill() throws IOException, ReplicatoorException {
      while (!buf.hasRemaining()) {
        if (eof) {
          return false;
        }
        buf.clear();
        int n = ch.read(buf);
        buf.flip();
        if (n < 0) {
          eof = true;
          return false;
        }
        if (n == 0) {
          await(selector, deadline, "reading the response");
          continue;
        }
        consumed += n;
        if (consumed > maxResponseBytes + (long) MAX_LINE * 4) {
          throw tooLarge();
        }
      }
      return true;
    }

    private ReplicatoorException tooLarge() {
      return invalid("guest agent response exceeds the limit of " + maxResponseBytes + " bytes");
    }
  }
}
