package io.replicatoor.attest.sim;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * HTTP/1.1 server for {@link GuestAgentSimulator} over Unix domain sockets (as dstack's {@code
 * dstack.sock}/{@code tappd.sock}) or TCP, with keep-alive, bounded request sizes and one virtual
 * thread per connection (dstack-guest-interface.md section 1).
 */
public final class SimulatorServer implements Closeable {
  /** Largest request head (request line and headers). */
  public static final int MAX_HEAD_SIZE = 16 * 1024;

  /** Largest request body. */
  public static final int MAX_BODY_SIZE = 64 * 1024;

  /** Most concurrent connections per server. */
  public static final int MAX_CONNECTIONS = 256;

  /** A connection with no complete request for this long is closed. */
  public static final java.time.Duration IDLE_TIMEOUT = java.time.Duration.ofSeconds(60);

  /** Most header lines per request. */
  static final int MAX_HEADERS = 100;

  /** Where and what one listener serves. */
  public record Listener(SocketAddress address, GuestAgentSimulator.Api api) {
    public Listener {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(api, "api");
    }

    /** A Unix-domain listener at {@code path}. */
    public static Listener unix(Path path, GuestAgentSimulator.Api api) {
      return new Listener(UnixDomainSocketAddress.of(path), api);
    }

    /** A TCP listener. */
    public static Listener tcp(String host, int port, GuestAgentSimulator.Api api) {
      return new Listener(new InetSocketAddress(host, port), api);
    }
  }

  private final GuestAgentSimulator simulator;
  private final List<ServerSocketChannel> servers = new ArrayList<>();
  private final List<SocketAddress> bound = new ArrayList<>();
  private final List<Path> socketFiles = new ArrayList<>();

  /** Open connections and the {@code System.nanoTime()} of their last activity. */
  private final java.util.Map<SocketChannel, Long> connections = new ConcurrentHashMap<>();

  private final long idleNanos;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private volatile boolean closed;

  private SimulatorServer(GuestAgentSimulator simulator, java.time.Duration idleTimeout) {
    this.simulator = simulator;
    this.idleNanos = idleTimeout.toNanos();
  }

  /**
   * Binds every listener and starts accepting. A Unix socket path that exists is replaced only when
   * nothing accepts connections on it (a stale socket from a killed run).
   */
  public static SimulatorServer start(GuestAgentSimulator simulator, List<Listener> listeners)
      throws IOException {
    return start(simulator, listeners, IDLE_TIMEOUT);
  }

  static SimulatorServer start(
      GuestAgentSimulator simulator, List<Listener> listeners, java.time.Duration idleTimeout)
      throws IOException {
    SimulatorServer s = new SimulatorServer(simulator, idleTimeout);
    try {
      for (Listener l : listeners) {
        s.bind(l);
      }
      Thread reaper = new Thread(s::reapIdle, "sim-idle-reaper");
      reaper.setDaemon(true);
      reaper.start();
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** Addresses actually bound, in listener order (TCP port 0 resolved). */
  public List<SocketAddress> boundAddresses() {
    return List.copyOf(bound);
  }

  private void bind(Listener l) throws IOException {
    ServerSocketChannel ch;
    if (l.address() instanceof UnixDomainSocketAddress u) {
      Path p = u.getPath();
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        if (!isSocket(p)) {
          throw new IOException(p + " exists and is not a Unix socket; refusing to replace it");
        }
        if (inUse(u)) {
          throw new IOException("socket " + p + " is in use by another process");
        }
        Files.delete(p);
      }
      Path parent = p.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new IOException("folder " + parent + " of socket " + p + " does not exist");
      }
      ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      ch.bind(u);
      socketFiles.add(p);
    } else {
      ch = ServerSocketChannel.open();
      ch.bind(l.address());
    }
    servers.add(ch);
    bound.add(ch.getLocalAddress());
    Thread t = new Thread(() -> acceptLoop(ch, l.api()), "sim-accept-" + bound.size());
    t.setDaemon(true);
    t.start();
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

  private void acceptLoop(ServerSocketChannel ch, GuestAgentSimulator.Api api) {
    while (!closed) {
      SocketChannel c;
      try {
        slots.acquire();
        c = ch.accept();
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
          .name("sim-conn")
          .start(
              () -> {
                try (c) {
                  serve(c, api);
                } catch (IOException | RuntimeException e) {
                  // connection-level failure (peer went away, malformed framing): drop the
                  // connection
                } finally {
                  connections.remove(c);
                  slots.release();
                }
              });
    }
  }

  private void serve(SocketChannel c, GuestAgentSimulator.Api api) throws IOException {
    InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(c));
    OutputStream out = Channels.newOutputStream(c);
    while (!closed) {
      String requestLine = readLine(in, MAX_HEAD_SIZE);
      if (requestLine == null) {
        return; // clean EOF between requests
      }
      if (requestLine.isEmpty()) {
        continue; // tolerate a stray CRLF between requests (RFC 9112 2.2)
      }
      String[] parts = requestLine.split(" ");
      if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
        write(out, 400, "{\"error\": \"malformed request line\"}", true);
        return;
      }
      long contentLength = 0;
      boolean jsonType = false;
      boolean close = parts[2].equals("HTTP/1.0");
      int headBytes = requestLine.length();
      for (int i = 0; ; i++) {
        String h = readLine(in, MAX_HEAD_SIZE);
        if (h == null) {
          return;
        }
        if (h.isEmpty()) {
          break;
        }
        headBytes += h.length() + 2;
        if (i >= MAX_HEADERS || headBytes > MAX_HEAD_SIZE) {
          write(out, 431, "{\"error\": \"request header fields too large\"}", true);
          return;
        }
        int colon = h.indexOf(':');
        if (colon <= 0) {
          write(out, 400, "{\"error\": \"malformed header\"}", true);
          return;
        }
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> {
            try {
              contentLength = Long.parseLong(value);
            } catch (NumberFormatException e) {
              contentLength = -1;
            }
            if (contentLength < 0) {
              write(out, 400, "{\"error\": \"invalid Content-Length\"}", true);
              return;
            }
          }
          case "content-type" ->
              jsonType = value.toLowerCase(Locale.ROOT).startsWith("application/json");
          case "connection" -> {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.contains("close")) {
              close = true;
            } else if (v.contains("keep-alive")) {
              close = false;
            }
          }
          case "transfer-encoding" -> {
            write(out, 411, "{\"error\": \"send the body with Content-Length\"}", true);
            return;
          }
          default -> {}
        }
      }
      if (contentLength > MAX_BODY_SIZE) {
        write(
            out,
            413,
            "{\"error\": \"request body larger than " + MAX_BODY_SIZE + " bytes\"}",
            true);
        return;
      }
      byte[] body = in.readNBytes((int) contentLength);
      if (body.length != contentLength) {
        return; // truncated
      }
      GuestAgentSimulator.Response r = simulator.handle(api, parts[0], parts[1], jsonType, body);
      write(out, r.status(), r.body(), close);
      connections.replace(c, System.nanoTime());
      if (close) {
        return;
      }
    }
  }

  /** Closes connections idle for longer than the idle timeout, until the server closes. */
  private void reapIdle() {
    long period = Math.max(idleNanos / 4, 10_000_000L);
    while (!closed) {
      try {
        Thread.sleep(period / 1_000_000L);
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

  private static String readLine(InputStream in, int max) throws IOException {
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
      if (b.size() > max) {
        throw new IOException("request head too large");
      }
    }
  }

  private static void write(OutputStream out, int status, String body, boolean close)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason(status)
            + "\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: "
            + b.length
            + "\r\n"
            + (close ? "Connection: close\r\n" : "")
            + "\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 411 -> "Length Required";
      case 413 -> "Content Too Large";
      case 431 -> "Request Header Fields Too Large";
      default -> "Internal Server Error";
    };
  }

  /** Stops accepting, closes open connections and deletes the socket files. */
  @Override
  public void close() throws IOException {
    closed = true;
    for (ServerSocketChannel s : servers) {
      s.close();
    }
    for (SocketChannel c : connections.keySet()) {
      c.close();
    }
    for (Path p : socketFiles) {
      Files.deleteIfExists(p);
    }
  }
}
