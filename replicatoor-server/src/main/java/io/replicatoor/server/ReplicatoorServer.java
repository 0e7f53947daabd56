package io.replicatoor.server;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.handover.Replicatoor;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.handlers.RequestLimit;
import io.undertow.server.handlers.RequestLimitingHandler;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.xnio.Options;

/**
 * The host API of one replicatoor instance: a thin Undertow shell over a built {@link Replicatoor}
 * ({@code docs/server.md}). One handler per route ({@link Routes}), each calling one core
 * operation; bounded bodies, timeouts and pools; JSON errors {@code {"error": CODE, "message":
 * ...}} with the code's HTTP status; JSON-line logs without payloads; a periodic {@link
 * Replicatoor#refresh()}; graceful shutdown that lets in-flight requests finish and refuses new
 * ones.
 */
public final class ReplicatoorServer implements AutoCloseable {
  /** Routes whose bodies are public protocol messages: their SHA-256 is logged. */
  private static final Set<String> HASHED_ROUTES = Set.of("/onboard", "/receiveKey");

  /** Bytes read from a request body at a time. */
  private static final int READ_BUFFER = 8192;

  /** Largest request head (request line and headers); Undertow refuses a larger one. */
  private static final int MAX_HEAD_BYTES = 16 * 1024;

  /**
   * Most query parameters a request may carry (no host route reads any); more are refused with
   * {@code BAD_REQUEST} JSON by {@link #handle}.
   */
  static final int MAX_QUERY_PARAMETERS = 16;

  /**
   * Undertow's own parameter limit: one per two bytes of the largest head, so never reached before
   * the head limit. Undertow answers its own limits with a bare 400 (no JSON), so the real limit is
   * {@link #MAX_QUERY_PARAMETERS}, checked where the answer is JSON (fuzz finding "query parameter
   * limit answered without JSON").
   */
  private static final int UNDERTOW_MAX_PARAMETERS = MAX_HEAD_BYTES / 2;

  private final Replicatoor replicatoor;
  private final ServerConfig config;
  private final JsonLog log;
  private final Metrics metrics = new Metrics();
  private final Map<String, Routes.Route> routes;
  private final Undertow undertow;
  private final ScheduledExecutorService refresher;
  private final Object inflightLock = new Object();
  private int inflight;
  private boolean draining;
  private boolean stopped;
  private volatile int boundPort;

  private ReplicatoorServer(
      Replicatoor replicatoor,
      HostSettings settings,
      ServerConfig config,
      JsonLog log,
      Map<String, Routes.Route> extraRoutes) {
    this.replicatoor = Objects.requireNonNull(replicatoor, "replicatoor");
    this.config = Objects.requireNonNull(config, "config");
    this.log = Objects.requireNonNull(log, "log");
    Map<String, Routes.Route> table =
        new LinkedHashMap<>(
            new Routes(replicatoor, Objects.requireNonNull(settings), metrics).table());
    for (Map.Entry<String, Routes.Route> e : extraRoutes.entrySet()) {
      if (table.putIfAbsent(e.getKey(), e.getValue()) != null) {
        throw new IllegalArgumentException("route " + e.getKey() + " exists already");
      }
    }
    this.routes = Map.copyOf(table);
    RequestLimit limit = new RequestLimit(config.maxConcurrentRequests(), config.queueSize());
    limit.setFailureHandler(this::busy);
    HttpHandler root = new RequestLimitingHandler(limit, this::dispatch);
    int timeoutMillis = (int) config.requestParseTimeout().toMillis();
    this.undertow =
        Undertow.builder()
            .addHttpListener(config.port(), config.host())
            .setIoThreads(config.ioThreads())
            .setWorkerThreads(config.workerThreads())
            // A backstop only: readBody stops at the limit and drains at most one limit more.
            .setServerOption(
                UndertowOptions.MAX_ENTITY_SIZE, 2L * config.maxBodyBytes() + 4 * READ_BUFFER)
            .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEAD_BYTES)
            .setServerOption(UndertowOptions.MAX_PARAMETERS, UNDERTOW_MAX_PARAMETERS)
            .setServerOption(UndertowOptions.MAX_HEADERS, 64)
            .setServerOption(UndertowOptions.IDLE_TIMEOUT, (int) config.idleTimeout().toMillis())
            .setServerOption(
                UndertowOptions.NO_REQUEST_TIMEOUT, (int) config.idleTimeout().toMillis())
            .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, timeoutMillis)
            .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
            .setSocketOption(Options.READ_TIMEOUT, timeoutMillis)
            .setSocketOption(Options.WRITE_TIMEOUT, timeoutMillis)
            .setHandler(root)
            .build();
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "replicatoor-refresh");
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Starts the host API on {@code config}'s address over a built instance.
   *
   * @param replicatoor the instance (built and started by the embedding)
   * @param settings where {@code /configure} writes the host-supplied settings
   * @param config the server's own settings
   * @param log the structured log
   */
  public static ReplicatoorServer start(
      Replicatoor replicatoor, HostSettings settings, ServerConfig config, JsonLog log) {
    return start(new ReplicatoorServer(replicatoor, settings, config, log, Map.of()));
  }

  /**
   * Benchmarks only ({@code replicatoor bench server}, docs/benchmarks.md): {@link #start} plus one
   * bare route, {@code GET barePath}, answering {@code bareBody.get()} as JSON through the same
   * listener, limits, dispatch, log and metrics as every route, so a route's own cost can be
   * compared in the same run with that of the server stack alone. {@code serve} never calls it.
   *
   * @throws IllegalArgumentException when {@code barePath} is one of the host API's routes
   */
  public static ReplicatoorServer startWithBareRoute(
      Replicatoor replicatoor,
      HostSettings settings,
      ServerConfig config,
      JsonLog log,
      String barePath,
      Supplier<byte[]> bareBody) {
    Objects.requireNonNull(bareBody, "bareBody");
    Routes.Route bare = new Routes.Route("GET", r -> Response.json(bareBody.get()));
    return start(new ReplicatoorServer(replicatoor, settings, config, log, Map.of(barePath, bare)));
  }

  private static ReplicatoorServer start(ReplicatoorServer s) {
    Replicatoor replicatoor = s.replicatoor;
    ServerConfig config = s.config;
    JsonLog log = s.log;
    s.undertow.start();
    s.boundPort = ((InetSocketAddress) s.undertow.getListenerInfo().get(0).getAddress()).getPort();
    long every = config.refreshInterval().toMillis();
    s.refresher.scheduleWithFixedDelay(s::refresh, every, every, TimeUnit.MILLISECONDS);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("host", config.host());
    f.put("port", s.port());
    f.put("phase", replicatoor.status().phase().name());
    f.put("measurementId", replicatoor.status().measurementId());
    f.put("sealing", replicatoor.status().sealing().name());
    if (!replicatoor.status().sealingTrust().isEmpty()) {
      f.put("sealingTrust", replicatoor.status().sealingTrust());
    }
    log.info("server-started", f);
    return s;
  }

  /** The bound TCP port (useful when the configuration asked for port 0). */
  public int port() {
    return boundPort;
  }

  /**
   * Graceful shutdown: refuses new requests ({@code SERVER_BUSY}), waits up to the configured grace
   * for in-flight requests (a hand-over in progress) to finish, then closes the listener.
   * Idempotent.
   */
  public void stop() {
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    int left;
    synchronized (inflightLock) {
      if (stopped) {
        return;
      }
      stopped = true;
      draining = true;
      while (inflight > 0) {
        long wait = deadline - System.nanoTime();
        if (wait <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(inflightLock, wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      left = inflight;
    }
    refresher.shutdownNow();
    undertow.stop();
    log.info("server-stopped", Map.of("unfinishedRequests", left));
  }

  @Override
  public void close() {
    stop();
  }

  // ---- request handling --------------------------------------------------------------------

  private void refresh() {
    try {
      replicatoor.refresh();
    } catch (ReplicatoorException e) {
      metrics.refreshFailed();
      log.warn("refresh-failed", Map.of("error", e.errorCode().name(), "message", e.getMessage()));
    } catch (RuntimeException e) {
      metrics.refreshFailed();
      log.error("refresh-failed", Map.of("error", "INTERNAL", "exception", e.getClass().getName()));
    }
  }

  private void busy(HttpServerExchange ex) {
    ex.setPersistent(false);
    count(ex, "other", ErrorCode.SERVER_BUSY.httpStatus(), ErrorCode.SERVER_BUSY.name());
    log.warn("request", Map.of("route", "other", "status", 503, "error", "SERVER_BUSY"));
    send(ex, error(ErrorCode.SERVER_BUSY, "too many requests in progress; retry later"));
  }

  private void dispatch(HttpServerExchange ex) {
    if (ex.isInIoThread()) {
      ex.dispatch(this::dispatch);
      return;
    }
    long t0 = System.nanoTime();
    String path = ex.getRequestPath();
    Routes.Route route = routes.get(path);
    String name = route == null ? "other" : path;
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("route", name);
    f.put("method", ex.getRequestMethod().toString());
    boolean admitted = enter();
    try {
      Response resp = respond(ex, admitted, route, path, name, f);
      // Counted and logged before the answer leaves, so a client's next request sees them.
      f.put("millis", (System.nanoTime() - t0) / 1_000_000);
      log.info("request", f);
      send(ex, resp);
    } finally {
      if (admitted) {
        leave(); // after the answer is written: shutdown never cuts an in-flight response
      }
    }
  }

  private Response respond(
      HttpServerExchange ex,
      boolean admitted,
      Routes.Route route,
      String path,
      String name,
      Map<String, Object> f) {
    Response resp;
    String code = "";
    if (!admitted) {
      ex.setPersistent(false);
      resp = error(ErrorCode.SERVER_BUSY, "shutting down");
      code = ErrorCode.SERVER_BUSY.name();
    } else {
      try {
        resp = handle(ex, route, path, f);
      } catch (ReplicatoorException e) {
        resp = error(e.errorCode(), e.getMessage());
        code = e.errorCode().name();
        f.put("message", e.getMessage());
      } catch (RuntimeException e) {
        String id = UUID.randomUUID().toString();
        resp = error(ErrorCode.INTERNAL, "internal error; correlation id " + id);
        code = ErrorCode.INTERNAL.name();
        f.put("correlationId", id);
        f.put("exception", e.getClass().getName());
      }
    }
    if (code.equals(ErrorCode.PAYLOAD_TOO_LARGE.name())) {
      ex.setPersistent(false); // the rest of the body is not read
    }
    count(ex, name, resp.status(), code);
    f.put("status", resp.status());
    if (!code.isEmpty()) {
      f.put("error", code);
    }
    return resp;
  }

  private Response handle(
      HttpServerExchange ex, Routes.Route route, String path, Map<String, Object> f)
      throws ReplicatoorException {
    if (route == null) {
      throw new ReplicatoorException(ErrorCode.NOT_FOUND, "no such route on the host API");
    }
    int parameters = 0;
    for (Deque<String> values : ex.getQueryParameters().values()) {
      parameters += values.size();
    }
    if (parameters > MAX_QUERY_PARAMETERS) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST,
          "more than " + MAX_QUERY_PARAMETERS + " query parameters (no host route reads any)");
    }
    if (!route.method().equals(ex.getRequestMethod().toString())) {
      ex.getResponseHeaders().put(Headers.ALLOW, route.method());
      throw new ReplicatoorException(
          ErrorCode.METHOD_NOT_ALLOWED, path + " answers " + route.method() + " only");
    }
    byte[] body = readBody(ex);
    f.put("bodyBytes", body.length);
    if (HASHED_ROUTES.contains(path) && body.length > 0) {
      f.put("bodySha256", sha256Hex(body));
    }
    Request req = Request.of(body, ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
    return route.handler().handle(req);
  }

  private byte[] readBody(HttpServerExchange ex) throws ReplicatoorException {
    long declared = ex.getRequestContentLength();
    int max = config.maxBodyBytes();
    ex.startBlocking();
    if (declared > max) {
      drain(ex);
      throw tooLarge();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
    byte[] buf = new byte[READ_BUFFER];
    try (InputStream in = ex.getInputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + n > max) {
          drain(ex);
          throw tooLarge();
        }
        out.write(buf, 0, n);
      }
    } catch (RequestTooBigException e) {
      throw tooLarge();
    } catch (IOException e) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, "the request body could not be read");
    }
    return out.toByteArray();
  }

  /**
   * Reads and discards the rest of an oversized body, up to one more body limit, so the client sees
   * the 413 answer: closing a connection with unread data resets it and the answer is lost. Larger
   * bodies are cut off (the connection closes; the client may see a reset).
   */
  private void drain(HttpServerExchange ex) {
    long declared = ex.getRequestContentLength();
    if (declared > 2L * config.maxBodyBytes()) {
      return;
    }
    byte[] buf = new byte[READ_BUFFER];
    long left = config.maxBodyBytes() + (long) READ_BUFFER;
    try {
      InputStream in = ex.getInputStream();
      int n;
      while (left > 0 && (n = in.read(buf)) > 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the client stopped sending or went over the backstop: the connection closes
    }
  }

  private ReplicatoorException tooLarge() {
    return new ReplicatoorException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        "request body larger than " + config.maxBodyBytes() + " bytes");
  }

  private boolean enter() {
    synchronized (inflightLock) {
      if (draining) {
        return false;
      }
      inflight++;
      return true;
    }
  }

  private void leave() {
    synchronized (inflightLock) {
      inflight--;
      inflightLock.notifyAll();
    }
  }

  private static Response error(ErrorCode code, String message) {
    return new Response(code.httpStatus(), Response.JSON, Routes.errorJson(code, message));
  }

  private static void send(HttpServerExchange ex, Response r) {
    if (ex.isResponseStarted()) {
      return; // Undertow already answered (a protocol-level failure); nothing more to send
    }
    ex.setStatusCode(r.status());
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, r.contentType());
    ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    ex.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
    ex.setResponseContentLength(r.body().length);
    if (ex.isBlocking()) {
      try (OutputStream os = ex.getOutputStream()) {
        os.write(r.body());
      } catch (IOException e) {
        ex.setPersistent(false); // the client went away; nothing else to do
      }
    } else {
      ex.getResponseSender().send(ByteBuffer.wrap(r.body()));
    }
  }

  private void count(HttpServerExchange ex, String route, int status, String code) {
    metrics.count(route, status, code.isEmpty() ? "OK" : code);
  }

  private static String sha256Hex(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
