package io.replicatoor.server.load;

import io.replicatoor.attest.localhttp.LocalHttpServer;
import io.replicatoor.core.handover.Replicatoor;
import io.replicatoor.server.GuestApi;
import io.replicatoor.server.HostSettings;
import io.replicatoor.server.JsonLog;
import io.replicatoor.server.ReplicatoorServer;
import io.replicatoor.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code replicatoor bench server}: puts a serving instance behind its real host API (Undertow on
 * loopback TCP) and guest API ({@link LocalHttpServer} on a Unix socket), then loads {@code GET
 * /status} and {@code POST /getkey}, each against a bare route on the same server and transport
 * answering the same bytes the real route answered first (so the bare figure is the server stack's
 * cost for an answer of that size, and the ratio is what the route itself costs). Phases alternate
 * bare and real for {@code rounds} rounds after a warm-up of both; the chain refresh runs on its
 * schedule throughout.
 */
public final class ServerLoadBench {
  /** The bare route's path on both servers. */
  public static final String BARE_PATH = "/bench-bare";

  /** The key request every {@code /getkey} sends. */
  public static final String GETKEY_REQUEST =
      "{\"path\":\"bench/wallet/0\",\"purpose\":\"signing\"}";

  private ServerLoadBench() {}

  /**
   * What to run.
   *
   * @param connections concurrent keep-alive connections per phase
   * @param warmup warm-up time of each route before measuring
   * @param measure measured time of each phase
   * @param rounds how many (bare, real) phase pairs per route
   * @param refreshInterval the server's chain refresh schedule during the run
   * @param socketDir the folder of the guest socket
   */
  public record Options(
      int connections,
      Duration warmup,
      Duration measure,
      int rounds,
      Duration refreshInterval,
      Path socketDir) {
    /** Checks the ranges. */
    public Options {
      if (connections < 1 || connections > LocalHttpServer.MAX_CONNECTIONS / 2) {
        throw new IllegalArgumentException(
            "connections must be between 1 and " + LocalHttpServer.MAX_CONNECTIONS / 2);
      }
      if (warmup.isNegative() || measure.isNegative() || rounds < 1) {
        throw new IllegalArgumentException("times must not be negative and rounds positive");
      }
      if (refreshInterval.isNegative() || refreshInterval.isZero()) {
        throw new IllegalArgumentException("refreshInterval must be positive");
      }
      Objects.requireNonNull(socketDir, "socketDir");
    }
  }

  /**
   * One route against its bare twin.
   *
   * @param route the real route
   * @param bare the bare route
   * @param answerBytes the size of the real route's answer body (the bare route answers the same)
   */
  public record Comparison(LoadSample route, LoadSample bare, int answerBytes) {
    /** The real route's requests per second over the bare route's. */
    public double ratio() {
      return bare.requestsPerSecond() == 0
          ? 0
          : route.requestsPerSecond() / bare.requestsPerSecond();
    }
  }

  /**
   * The run's figures.
   *
   * @param getkey {@code POST /getkey} on the guest socket
   * @param status {@code GET /status} on the host port
   */
  public record Report(Comparison getkey, Comparison status) {
    /** Requests that failed or were not answered 200, over both routes and their twins. */
    public long errors() {
      return getkey.route().errors()
          + getkey.bare().errors()
          + status.route().errors()
          + status.bare().errors();
    }
  }

  /**
   * Runs the benchmark over {@code replicatoor}, which must serve (hold the registered state).
   *
   * @throws IOException when a server cannot start or the first answer of a route is not 200
   */
  public static Report run(Replicatoor replicatoor, Options o) throws IOException {
    AtomicReference<byte[]> statusBody = new AtomicReference<>(new byte[0]);
    AtomicReference<byte[]> getkeyBody = new AtomicReference<>(new byte[0]);
    ServerConfig config =
        ServerConfig.defaults()
            .withListener("127.0.0.1", 0)
            .withTimes(
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                o.refreshInterval());
    // The request log is written as in production, to a sink that drops it.
    JsonLog log =
        new JsonLog(
            new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8),
            Clock.systemUTC());
    ReplicatoorServer host =
        ReplicatoorServer.startWithBareRoute(
            replicatoor, new HostSettings(Set.of()), config, log, BARE_PATH, statusBody::get);
    LocalHttpServer guest = null;
    try {
      guest =
          new GuestApi(replicatoor, Optional.empty())
              .serveWithBareRoute(
                  o.socketDir().resolve("bench-guest.sock"), BARE_PATH, getkeyBody::get);
      SocketAddress tcp = new InetSocketAddress("127.0.0.1", host.port());
      SocketAddress unix = UnixDomainSocketAddress.of(guest.socket().orElseThrow());
      byte[] key = GETKEY_REQUEST.getBytes(StandardCharsets.UTF_8);
      Comparison getkey =
          compare(
              unix,
              HttpLoad.postJson("/getkey", key),
              HttpLoad.postJson(BARE_PATH, key),
              getkeyBody,
              o);
      Comparison status =
          compare(tcp, HttpLoad.get("/status"), HttpLoad.get(BARE_PATH), statusBody, o);
      return new Report(getkey, status);
    } finally {
      if (guest != null) {
        guest.close();
      }
      host.stop();
    }
  }

  private static Comparison compare(
      SocketAddress address,
      byte[] request,
      byte[] bareRequest,
      AtomicReference<byte[]> bareBody,
      Options o)
      throws IOException {
    byte[] first = HttpLoad.once(address, request);
    bareBody.set(first);
    if (!o.warmup().isZero()) {
      HttpLoad.run(address, request, o.connections(), o.warmup());
      HttpLoad.run(address, bareRequest, o.connections(), o.warmup());
    }
    HttpLoad.Recording route = new HttpLoad.Recording();
    HttpLoad.Recording bare = new HttpLoad.Recording();
    for (int i = 0; i < o.rounds(); i++) {
      bare.merge(HttpLoad.run(address, bareRequest, o.connections(), o.measure()));
      route.merge(HttpLoad.run(address, request, o.connections(), o.measure()));
    }
    return new Comparison(route.sample(), bare.sample(), first.length);
  }
}
