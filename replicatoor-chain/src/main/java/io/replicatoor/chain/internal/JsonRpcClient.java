package io.replicatoor.chain.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.chain.RpcApiKeys;
import io.replicatoor.chain.RpcEndpoints;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.json.BoundedJson;
import io.replicatoor.core.json.JsonLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Minimal JSON-RPC 2.0 client over the JDK {@link HttpClient} for the verified-read path.
 *
 * <p>Every call has one deadline, the configured timeout, that covers connecting, the headers and
 * the whole body; a call that misses it fails with {@code RPC_UNAVAILABLE} and its exchange is
 * cancelled.
 *
 * <p>Answers are untrusted: the body is size-capped, parsed with bounded Jackson constraints, and
 * every value is re-checked by the caller against hashes. The endpoint's address in error messages
 * is reduced to scheme, host and port so that API keys in paths never reach a log.
 */
public final class JsonRpcClient {
  /** Largest accepted response body (proofs for a few hundred slots fit easily). */
  public static final int MAX_RESPONSE_BYTES = JsonLimits.JSON_RPC.maxDocumentBytes();

  /** Builds request parameters only; responses are parsed by {@link #RESPONSES}. */
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private static final BoundedJson RESPONSES = BoundedJson.of(JsonLimits.JSON_RPC);

  private final URI endpoint;
  private final RpcApiKeys keys;
  private final HttpClient http;
  private final Duration timeout;
  private final AtomicLong ids = new AtomicLong(1);

  /** A client for one endpoint; {@code http} may be shared between clients. */
  public JsonRpcClient(URI endpoint, HttpClient http, Duration timeout) {
    this(endpoint, RpcApiKeys.none(), http, timeout);
  }

  /**
   * A client for one endpoint that may be a template with {@code {apiKey:NAME}} ({@link
   * RpcEndpoints#template}): the key is read from {@code keys} before every request, so a key the
   * host sets later takes effect on the next call. Keys never appear in messages.
   */
  public JsonRpcClient(URI endpoint, RpcApiKeys keys, HttpClient http, Duration timeout) {
    this.keys = keys;
    String scheme = endpoint.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IllegalArgumentException("RPC endpoint must be http(s): " + redact(endpoint));
    }
    this.endpoint = endpoint;
    this.http = http;
    this.timeout = timeout;
  }

  /** The endpoint with path and query removed, safe for messages. */
  public String displayName() {
    return redact(endpoint);
  }

  static String redact(URI u) {
    return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
  }

  /** The shared mapper for building parameters. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Calls {@code method} and returns its {@code result} (never null; JSON null is an error). */
  public JsonNode call(String method, List<?> params) throws ReplicatoorException {
    try {
      return callAsync(method, params).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ReplicatoorException re) {
        throw re;
      }
      throw new ReplicatoorException(
          ErrorCode.RPC_UNAVAILABLE,
          displayName() + ": " + method + " failed: " + e.getCause().getClass().getSimpleName());
    }
  }

  /** Like {@link #call} but a JSON {@code null} result is returned as a null node. */
  public JsonNode callAllowingNull(String method, List<?> params) throws ReplicatoorException {
    try {
      return send(method, params, true).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ReplicatoorException re) {
        throw re;
      }
      throw new ReplicatoorException(
          ErrorCode.RPC_UNAVAILABLE, displayName() + ": " + method + " failed");
    }
  }

  /**
   * Asynchronous {@link #callAllowingNull}; the future fails with a {@link ReplicatoorException}.
   */
  public CompletableFuture<JsonNode> callAsyncAllowingNull(String method, List<?> params) {
    return send(method, params, true);
  }

  /** Asynchronous {@link #call}; the future fails with a {@link ReplicatoorException}. */
  public CompletableFuture<JsonNode> callAsync(String method, List<?> params) {
    return send(method, params, false);
  }

  private CompletableFuture<JsonNode> send(String method, List<?> params, boolean allowNull) {
    ObjectNode req = MAPPER.createObjectNode();
    req.put("jsonrpc", "2.0");
    long id = ids.getAndIncrement();
    req.put("id", id);
    req.put("method", method);
    ArrayNode p = req.putArray("params");
    for (Object o : params) {
      p.add(MAPPER.valueToTree(o));
    }
    URI target;
    try {
      target = RpcEndpoints.resolve(endpoint, keys);
    } catch (ReplicatoorException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    req.toString().getBytes(StandardCharsets.UTF_8)))
            .build();
    // One deadline for the whole exchange, body included: HttpRequest.timeout stops counting once
    // the headers arrive, so a body trickled slowly would otherwise hold the caller forever.
    CompletableFuture<HttpResponse<byte[]>> exchange =
        http.sendAsync(request, info -> CappedBody.subscriber(MAX_RESPONSE_BYTES));
    CompletableFuture<JsonNode> out =
        exchange
            .copy()
            .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .handle((resp, err) -> {
              if (err != null) {
                Throwable cause =
                    err instanceof CompletionException && err.getCause() != null
                        ? err.getCause()
                        : err;
                if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
                  exchange.cancel(true); // aborts the HTTP exchange (JDK 16+)
                  throw new CompletionException(
                      new ReplicatoorException(
                          ErrorCode.RPC_UNAVAILABLE,
                          displayName()
                              + ": "
                              + method
                              + " timed out after "
                              + timeout.toMillis()
                              + " ms"));
                }
                if (cause instanceof CappedBody.TooLargeException) {
                  throw new CompletionException(
                      new ReplicatoorException(
                          ErrorCode.RPC_ERROR,
                          displayName()
                              + ": "
                              + method
                              + ": response larger than "
                              + MAX_RESPONSE_BYTES
                              + " bytes"));
                }
                throw new CompletionException(
                    new ReplicatoorException(
                        ErrorCode.RPC_UNAVAILABLE,
                        displayName() + ": " + method + " failed: " + rootName(cause)));
              }
              try {
                return parse(resp, method, id, allowNull);
              } catch (ReplicatoorException e) {
                throw new CompletionException(e);
              }
            });
    return out;
  }

  private JsonNode parse(HttpResponse<byte[]> resp, String method, long id, boolean allowNull)
      throws ReplicatoorException {
    byte[] body = resp.body();
    if (resp.statusCode() != 200) {
      throw new ReplicatoorException(
          ErrorCode.RPC_UNAVAILABLE, displayName() + ": " + method + ": HTTP " + resp.statusCode());
    }
    JsonNode root;
    try {
      root = RESPONSES.read(body);
    } catch (IOException e) {
      throw new ReplicatoorException(
          ErrorCode.RPC_ERROR, displayName() + ": " + method + ": response is not valid JSON");
    }
    if (root == null || !root.isObject() || root.path("id").asLong(-1) != id) {
      throw new ReplicatoorException(
          ErrorCode.RPC_ERROR,
          displayName() + ": " + method + ": not a JSON-RPC response to request " + id);
    }
    JsonNode error = root.get("error");
    if (error != null && !error.isNull()) {
      String msg = withoutKey(error.path("message").asText(""));
      if (msg.length() > 200) {
        msg = msg.substring(0, 200) + "…";
      }
      throw new ReplicatoorException(
          ErrorCode.RPC_ERROR,
          displayName() + ": " + method + ": error " + error.path("code").asText("?") + " " + msg);
    }
    JsonNode result = root.get("result");
    if (allowNull && result != null) {
      return result;
    }
    if (result == null || result.isNull()) {
      throw new ReplicatoorException(
          ErrorCode.RPC_ERROR, displayName() + ": " + method + ": empty result");
    }
    return result;
  }

  /** An endpoint's own text with this endpoint's API key (if any) replaced: it may echo it. */
  private String withoutKey(String text) {
    String out = text;
    Optional<String> name = RpcEndpoints.keyName(endpoint);
    if (name.isPresent()) {
      Optional<String> key = keys.apiKey(name.get());
      if (key.isPresent() && !key.get().isEmpty()) {
        out = out.replace(key.get(), "<" + name.get() + " key>");
      }
    }
    return out;
  }

  private static String rootName(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName();
  }
}
