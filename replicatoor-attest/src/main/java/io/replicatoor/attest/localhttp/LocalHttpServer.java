package io.replicatoor.attest.localhttp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A small, bounded HTTP/1.1 server on one local listener, a Unix domain socket (which the JDK's and
 * Undertow's servers cannot bind: the guest API, the dstack simulator's agent sockets) or a TCP
 * address (the simulator's TCP listener): keep-alive, {@code Content-Length} bodies only, a bounded
 * request head and body, an idle timeout, at most {@link #MAX_CONNECTIONS} connections with one
 * virtual thread each. Answers are always complete ({@code Content-Length}); a handler failure
 * answers 500 and the server keeps serving.
 */
public final class LocalHttpServer implements Closeable {
  /** Largest request head (request line and headers). */
  public static final int MAX_HEAD_SIZE = 16 * 1024;

  /** Most header lines per request. */
  public static final int MAX_HEADERS = 100;

  /** Most concurrent connections. */
  public static final int MAX_CONNECTIONS = 256;

  /** One parsed request; {@code contentType} is empty when absent. */
  public record Request(String method, String target, String contentType, byte[] body) {
    /** Checks for nulls. */
    public Request {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }

    /** The target without its query string. */
    public String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }
  }

  /** One complete answer. */
  public record Response(int status, String contentType, byte[] body) {
    /** Checks for nulls. */
    public Response {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }
  }

  /** Turns a request into an answer; runs on the connection's virtual thread. */
  @FunctionalInterface
  public interface Handler {
    /** The answer to {@code request}; a thrown exception answers 500. */
    Response handle(Request request) throws Exception;
  }

  /** Answers for framing errors the handler never sees ({@code status, message}). */
  @FunctionalInterface
  public interface ErrorBody {
    /** The JSON body for a framing error. */
    byte[] render(int status, String message);
  }

  private final ServerSocketChannel server;
  private final SocketAddress localAddress;
  private final Path socketFile;
  private final Handler handler;
  private final ErrorBody errors;
  private final int maxBodyBytes;
  private final long idleNanos;
  private final Map<SocketChannel, Long> connections = new ConcurrentHashMap<>();
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private volatile boolean closed;

  private LocalHttpServer(
      ServerSocketChannel server,
      SocketAddress localAddress,
      Path socketFile,
      Handler handler,
      ErrorBody errors,
      int maxBodyBytes,
      Duration idleTimeout) {
    this.server = server;
    this.localAddress = localAddress;
    this.socketFile = socketFile;
    this.handler = handler;
    this.errors = errors;
    this.maxBodyBytes = maxBodyBytes;
    this.idleNanos = idleTimeout.toNanos();
  }

  /**
   * Binds {@code socket} and starts accepting. An existing path is replaced only when it is a
   * socket nothing accepts connections on (a stale socket from a killed run); its folder must
   * exist.
   *
   * @param maxBodyBytes larger bodies are answered 413 without being read
   * @param idleTimeout a connection with no complete request for this long is closed
   */
  public static LocalHttpServer start(
      Path socket, Handler handler, ErrorBody errors, int maxBodyBytes, Duration idleTimeout)
      throws IOException {
    return start(
        UnixDomainSocketAddress.of(socket.toAbsolutePath()),
        handler,
        errors,
        maxBodyBytes,
        idleTimeout);
  }

  /**
   * Binds {@code address}, a {@link UnixDomainSocketAddress} (as {@link #start(Path, Handler,
   * ErrorBody, int, Duration)}) or a TCP {@link InetSocketAddress}, and starts accepting.
   */
  public static LocalHttpServer start(
      SocketAddress address,
      Handler handler,
      ErrorBody errors,
      int maxBodyBytes,
      Duration idleTimeout)
      throws IOException {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(errors, "errors");
    if (maxBodyBytes < 1 || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("maxBodyBytes and idleTimeout must be positive");
    }
    ServerSocketChannel ch;
    Path file = null;
    if (address instanceof UnixDomainSocketAddress u) {
      Path p = u.getPath().toAbsolutePath();
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        if (!isSocket(p)) {
          throw new IOException(p + " exists and is not a Unix socket; refusing to replace it");
        }
        if (inUse(UnixDomainSocketAddress.of(p))) {
          throw new IOException("socket " + p + " is in use by another process");
        }
        Files.delete(p);
      }
      Path parent = p.getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new IOException("folder " + parent + " of socket " + p + " does not exist");
      }
      ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      address = UnixDomainSocketAddress.of(p);
      file = p;
    } else if (address instanceof InetSocketAddress) {
      ch = ServerSocketChannel.open();
    } else {
      throw new IllegalArgumentException("a Unix socket or TCP address is needed");
    }
    SocketAddress local;
    try {
      ch.bind(address);
      local = ch.getLocalAddress();
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    LocalHttpServer s =
        new LocalHttpServer(ch, local, file, handler, errors, maxBodyBytes, idleTimeout);
    Thread accept = new Thread(s::acceptLoop, "local-http-accept");
    accept.setDaemon(true);
    accept.start();
    Thread reaper = new Thread(s::reapIdle, "local-http-idle-reaper");
    reaper.setDaemon(true);
    reaper.start();
    return s;
  }

  /** The bound address (a TCP port 0 resolved). */
  public SocketAddress localAddress() {
    return localAddress;
  }

  /** The socket file this server listens on, if it is a Unix socket. */
  public Optional<Path> socket() {
    return Optional.ofNullable(socketFile);
  }

  /** File-type bits of a POSIX mode and the value for a socket ({@code sys/stat.h}). */
  private static final int S_IFMT = 0170000;

  private static final int S_IFSOCK = 0140000;

  private static boolean isSocket(Path p) throws IOException {
    int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return (mode & S_IFMT) == S_IFSOCK;
  }

  private static boolean inUse(UnixDomainSocketAddress u) {
    try (SocketChannel c = SocketChannel.open(u)) {
      return c.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel c;
      try {
        slots.acquire();
        c = server.accept();
      } catch (ClosedChannelException e) {
        slots.release();
        return;
      } catch (IOException e) {
        slots.release();
        if (closed) {
          return;
        }
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      connections.put(c, System.nanoTime());
      Thread.ofVirtual()
          .name("local-http-conn")
          .start(() -> {
            try (c) {
              serve(c);
            } catch (IOException | RuntimeException e) {
              // connection-level failure (peer went away, malformed framing): drop it
            } finally {
              connections.remove(c);
              slots.release();
            }
          });
    }
  }

  private void serve(SocketChannel c) throws IOException {
    InputStream in = new BufferedInputStream(Channels.newInputStream(c));
    OutputStream out = Channels.newOutputStream(c);
    while (!closed) {
      String requestLine = readLine(in);
      if (requestLine == null) {
        return; // clean EOF between requests
      }
      if (requestLine.isEmpty()) {
        continue; // a stray CRLF between requests (RFC 9112 2.2)
      }
      String[] parts = requestLine.split(" ");
      if (parts.length != 3 || !parts[2].startsWith("HTTP/1.") || !parts[1].startsWith("/")) {
        fail(out, 400, "malformed request line");
        return;
      }
      long contentLength = 0;
      String contentType = "";
      boolean close = parts[2].equals("HTTP/1.0");
      int headBytes = requestLine.length();
      for (int i = 0; ; i++) {
        String h = readLine(in);
        if (h == null) {
          return;
        }
        if (h.isEmpty()) {
          break;
        }
        headBytes += h.length() + 2;
        if (i >= MAX_HEADERS || headBytes > MAX_HEAD_SIZE) {
          fail(out, 431, "request header fields too large");
          return;
        }
        int colon = h.indexOf(':');
        if (colon <= 0) {
          fail(out, 400, "malformed header");
          return;
        }
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> {
            long n;
            try {
              n = Long.parseLong(value);
            } catch (NumberFormatException e) {
              n = -1;
            }
            if (n < 0 || (contentLength != 0 && n != contentLength)) {
              fail(out, 400, "invalid Content-Length");
              return;
            }
            contentLength = n;
          }
          case "content-type" -> contentType = value;
          case "connection" -> {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.contains("close")) {
              close = true;
            } else if (v.contains("keep-alive")) {
              close = false;
            }
          }
          case "transfer-encoding" -> {
            fail(out, 411, "send the body with Content-Length");
            return;
          }
          default -> {}
        }
      }
      if (contentLength > maxBodyBytes) {
        fail(out, 413, "request body larger than " + maxBodyBytes + " bytes");
        return;
      }
      byte[] body = in.readNBytes((int) contentLength);
      if (body.length != contentLength) {
        return; // truncated
      }
      connections.replace(c, System.nanoTime());
      Response r;
      try {
        r = handler.handle(new Request(parts[0], parts[1], contentType, body));
      } catch (Exception e) {
        r = new Response(500, "application/json", errors.render(500, "internal error"));
      }
      write(out, r, close);
      connections.replace(c, System.nanoTime());
      if (close) {
        return;
      }
    }
  }

  private void fail(OutputStream out, int status, String message) throws IOException {
    write(out, new Response(status, "application/json", errors.render(status, message)), true);
  }

  /** Closes connections idle for longer than the idle timeout, until the server closes. */
  private void reapIdle() {
    long periodMillis = Math.max(idleNanos / 4 / 1_000_000L, 10L);
    while (!closed) {
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (var e : connections.entrySet()) {
        if (now - e.getValue() > idleNanos) {
          try {
            e.getKey().close();
          } catch (IOException ignored) {
            // closing a dead connection
          }
        }
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int prev = -1;
    while (true) {
      int ch = in.read();
      if (ch < 0) {
        if (b.size() == 0) {
          return null;
        }
        throw new IOException("truncated request head");
      }
      if (ch == '\n') {
        byte[] line = b.toByteArray();
        int len = prev == '\r' ? line.length - 1 : line.length;
        return new String(line, 0, len, StandardCharsets.ISO_8859_1);
      }
      b.write(ch);
      prev = ch;
      if (b.size() > MAX_HEAD_SIZE) {
        throw new IOException("request head too large");
      }
    }
  }

  private static void write(OutputStream out, Response r, boolean close) throws IOException {
    String head =
        "HTTP/1.1 "
            + r.status()
            + " "
            + reason(r.status())
            + "\r\n"
            + "Content-Type: "
            + r.contentType()
            + "\r\n"
            + "Content-Length: "
            + r.body().length
            + "\r\n"
            + (close ? "Connection: close\r\n" : "")
            + "\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(r.body());
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 411 -> "Length Required";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 431 -> "Request Header Fields Too Large";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 500 -> "Internal Server Error";
      default -> status < 500 ? "Client Error" : "Server Error";
    };
  }

  /** Stops accepting, closes open connections and deletes the socket file. */
  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (SocketChannel c : connections.keySet()) {
      c.close();
    }
    if (socketFile != null) {
      Files.deleteIfExists(socketFile);
    }
  }
}
