package io.replicatoor.sim;

import io.replicatoor.attest.localhttp.LocalHttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * HTTP/1.1 server for {@link GuestAgentSimulator} over Unix domain sockets (as dstack's {@code
 * dstack.sock}/{@code tappd.sock}) or TCP: one {@link LocalHttpServer} per listener (keep-alive,
 * bounded request sizes, one virtual thread per connection; dstack-guest-interface.md section 1),
 * answering errors in dstack's {@code {"error": "..."}} form.
 */
public final class SimulatorServer implements Closeable {
  /** Largest request head (request line and headers). */
  public static final int MAX_HEAD_SIZE = LocalHttpServer.MAX_HEAD_SIZE;

  /** Largest request body. */
  public static final int MAX_BODY_SIZE = 64 * 1024;

  /** Most concurrent connections per listener. */
  public static final int MAX_CONNECTIONS = LocalHttpServer.MAX_CONNECTIONS;

  /** A connection with no complete request for this long is closed. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  /** Most header lines per request. */
  static final int MAX_HEADERS = LocalHttpServer.MAX_HEADERS;

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

  private final List<LocalHttpServer> servers = new ArrayList<>();

  private SimulatorServer() {}

  /**
   * Binds every listener and starts accepting. A Unix socket path that exists is replaced only when
   * nothing accepts connections on it (a stale socket from a killed run).
   */
  public static SimulatorServer start(GuestAgentSimulator simulator, List<Listener> listeners)
      throws IOException {
    return start(simulator, listeners, IDLE_TIMEOUT);
  }

  static SimulatorServer start(
      GuestAgentSimulator simulator, List<Listener> listeners, Duration idleTimeout)
      throws IOException {
    SimulatorServer s = new SimulatorServer();
    try {
      for (Listener l : listeners) {
        GuestAgentSimulator.Api api = l.api();
        s.servers.add(
            LocalHttpServer.start(
                l.address(),
                request -> {
                  boolean json =
                      request.contentType().toLowerCase(Locale.ROOT).startsWith("application/json");
                  GuestAgentSimulator.Response r =
                      simulator.handle(
                          api, request.method(), request.target(), json, request.body());
                  return new LocalHttpServer.Response(
                      r.status(), "application/json", r.body().getBytes(StandardCharsets.UTF_8));
                },
                SimulatorServer::errorBody,
                MAX_BODY_SIZE,
                idleTimeout));
      }
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** dstack's error form (section 1.5). */
  private static byte[] errorBody(int status, String message) {
    return ("{\"error\": \"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** Addresses actually bound, in listener order (TCP port 0 resolved). */
  public List<SocketAddress> boundAddresses() {
    return servers.stream().map(LocalHttpServer::localAddress).toList();
  }

  /** Stops accepting, closes open connections and deletes the socket files. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (LocalHttpServer s : servers) {
      try {
        s.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
