package io.replicatoor.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.attest.localhttp.LocalHttpServer;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.handover.Replicatoor;
import io.replicatoor.core.json.BoundedJson;
import io.replicatoor.core.state.DerivedKey;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The guest API (apps in the same VM; never on the host port): one Unix socket served by the
 * bounded {@link LocalHttpServer}.
 *
 * <ul>
 *   <li>{@code POST /getkey {path, purpose[, algorithm]}} (the original's route): the derived key
 *       with its public key, address and signature (protocol.md section 7);
 *   <li>{@code POST /GetKey} and its prpc spellings: the dstack guest agent's {@code GetKey} shape
 *       ({@code key}, {@code signature_chain}), so the official SDKs get replicated keys;
 *   <li>every other route goes unchanged to the real guest agent (bounded by the agent client's
 *       deadline and response limit), or is 404 when no agent is configured.
 * </ul>
 *
 * <p>Each key route calls {@link Replicatoor#deriveKey} once; before the instance holds state (or
 * as a genesis candidate, or halted) it answers core's refusal as {@code {"error", "message"}}.
 */
public final class GuestApi implements LocalHttpServer.Handler {
  /** The default guest socket. */
  public static final Path DEFAULT_SOCKET = Path.of("/var/run/replicatoor/replicatoor.sock");

  /** Largest request body on the guest socket (key requests are tiny; quotes ask 64 bytes). */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** A connection with no complete request for this long is closed. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  /** Paths answering the dstack agent's {@code GetKey} shape (current socket and prpc forms). */
  static final Set<String> GETKEY_PATHS =
      Set.of("/GetKey", "/prpc/GetKey", "/prpc/DstackGuest.GetKey");

  /** Fields of a key request. */
  private static final Set<String> KEY_FIELDS = Set.of("path", "purpose", "algorithm");

  private static final String JSON = "application/json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final BoundedJson PARSER = BoundedJson.withMaxBytes(MAX_BODY_BYTES);

  private final Replicatoor replicatoor;
  private final Optional<GuestAgentClient> agent;

  /**
   * @param replicatoor the instance
   * @param agent the real guest agent the other routes are passed to, if any
   */
  public GuestApi(Replicatoor replicatoor, Optional<GuestAgentClient> agent) {
    this.replicatoor = Objects.requireNonNull(replicatoor, "replicatoor");
    this.agent = Objects.requireNonNull(agent, "agent");
  }

  /** Serves this API on {@code socket} (its folder must exist). */
  public LocalHttpServer serve(Path socket) throws IOException {
    return serve(UnixDomainSocketAddress.of(socket.toAbsolutePath()));
  }

  /**
   * Serves this API on {@code address}: a Unix socket, or the optional TCP listener ({@code
   * --guest-tcp}, off by default) at an address the compose file chooses (reachable by the app
   * containers, never published to the host). Same routes, same limits.
   */
  public LocalHttpServer serve(SocketAddress address) throws IOException {
    return serve(address, this);
  }

  private static LocalHttpServer serve(SocketAddress address, LocalHttpServer.Handler handler)
      throws IOException {
    return LocalHttpServer.start(
        address,
        handler,
        (status, message) -> Routes.errorJson(framingCode(status), message),
        MAX_BODY_BYTES,
        IDLE_TIMEOUT);
  }

  /**
   * Benchmarks only ({@code replicatoor bench server}, docs/benchmarks.md): {@link #serve} plus one
   * bare route, {@code barePath} (any method), answering {@code bareBody.get()} as JSON on the same
   * socket server (framing, limits, one virtual thread per connection) before this API's routing,
   * so {@code /getkey}'s own cost can be compared with the transport's. {@code serve} never adds
   * it.
   */
  public LocalHttpServer serveWithBareRoute(Path socket, String barePath, Supplier<byte[]> bareBody)
      throws IOException {
    Objects.requireNonNull(barePath, "barePath");
    Objects.requireNonNull(bareBody, "bareBody");
    return serve(
        UnixDomainSocketAddress.of(socket.toAbsolutePath()),
        request -> request.path().equals(barePath) ? ok(bareBody.get()) : handle(request));
  }

  @Override
  public LocalHttpServer.Response handle(LocalHttpServer.Request request) {
    try {
      String path = request.path();
      if (path.equals("/getkey")) {
        requirePost(request);
        return ok(getkey(request));
      }
      if (GETKEY_PATHS.contains(path)) {
        requirePost(request);
        return ok(dstackGetKey(request));
      }
      return forward(request);
    } catch (ReplicatoorException e) {
      return new LocalHttpServer.Response(
          e.errorCode().httpStatus(), JSON, Routes.errorJson(e.errorCode(), e.getMessage()));
    }
  }

  /** {@code /getkey}: the derived key, its public key, address and signature. */
  private byte[] getkey(LocalHttpServer.Request request) throws ReplicatoorException {
    DerivedKey d = deriveKey(request);
    ObjectNode o = MAPPER.createObjectNode();
    o.put("algorithm", d.algorithm().wireName());
    o.put("path", d.path());
    o.put("purpose", d.purpose());
    putKeyThenWipe(o, d);
    o.put("publicKey", Hex.encode(d.publicKey()));
    d.address().ifPresent(a -> o.put("address", a.toPrefixedHex()));
    o.put("signature", Hex.encode(d.signature()));
    o.put("statePublicKey", Hex.encode(d.statePublicKey()));
    return write(o);
  }

  /**
   * {@code GetKey} in the agent's shape: {@code key} (hex, 32 bytes) and {@code signature_chain}
   * ([the state key's signature, the state public key]); also {@code public_key}.
   */
  private byte[] dstackGetKey(LocalHttpServer.Request request) throws ReplicatoorException {
    DerivedKey d = deriveKey(request);
    ObjectNode o = MAPPER.createObjectNode();
    putKeyThenWipe(o, d);
    o.putArray("signature_chain")
        .add(Hex.encode(d.signature()))
        .add(Hex.encode(d.statePublicKey()));
    o.put("public_key", Hex.encode(d.publicKey()));
    return write(o);
  }

  /** The key the request asks for (secp256k1 unless it names an algorithm). */
  private DerivedKey deriveKey(LocalHttpServer.Request request) throws ReplicatoorException {
    KeyRequest k = keyRequest(request, "secp256k1");
    return replicatoor.deriveKey(k.path, k.purpose, k.algorithm);
  }

  /**
   * Puts the derived key as hex under {@code key}, then wipes and destroys this answer's copy (the
   * instance keeps its own).
   */
  private static void putKeyThenWipe(ObjectNode o, DerivedKey d) {
    byte[] key = d.key().reveal(SecretAccess.insecure());
    try {
      o.put("key", Hex.encode(key));
    } finally {
      Arrays.fill(key, (byte) 0);
      d.key().destroy();
    }
  }

  private record KeyRequest(String path, String purpose, String algorithm) {}

  private static KeyRequest keyRequest(LocalHttpServer.Request request, String defaultAlgorithm)
      throws ReplicatoorException {
    String ct = request.contentType().toLowerCase(Locale.ROOT);
    if (!ct.isEmpty() && !ct.startsWith(JSON)) {
      throw new ReplicatoorException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the key request as application/json");
    }
    JsonNode n;
    try {
      n = PARSER.read(request.body());
    } catch (IOException e) {
      // No parser message: it may quote the body.
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, "the body is not valid JSON");
    }
    if (n == null || !n.isObject()) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST, "send a JSON object {\"path\", \"purpose\"[, \"algorithm\"]}");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!KEY_FIELDS.contains(f)) {
        throw new ReplicatoorException(
            ErrorCode.BAD_REQUEST, "unknown field; expected path, purpose and algorithm");
      }
    }
    String algorithm = optionalText(n, "algorithm");
    return new KeyRequest(
        requiredText(n, "path"),
        requiredText(n, "purpose"),
        algorithm == null || algorithm.isEmpty() ? defaultAlgorithm : algorithm);
  }

  private static String requiredText(JsonNode n, String field) throws ReplicatoorException {
    String s = optionalText(n, field);
    if (s == null) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, "missing string field " + field);
    }
    return s;
  }

  private static String optionalText(JsonNode n, String field) throws ReplicatoorException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, field + " must be a string");
    }
    return v.asText();
  }

  private static void requirePost(LocalHttpServer.Request request) throws ReplicatoorException {
    if (!request.method().equals("POST")) {
      throw new ReplicatoorException(
          ErrorCode.METHOD_NOT_ALLOWED, request.path() + " answers POST only");
    }
  }

  /** Any other route: to the real agent, unchanged (status and body). */
  private LocalHttpServer.Response forward(LocalHttpServer.Request request)
      throws ReplicatoorException {
    if (agent.isEmpty()) {
      throw new ReplicatoorException(
          ErrorCode.NOT_FOUND, "no such route on the guest API and no guest agent to pass it to");
    }
    byte[] body = request.body().length == 0 ? null : request.body();
    GuestAgentClient.Forwarded f = agent.get().forward(request.method(), request.target(), body);
    return new LocalHttpServer.Response(f.status(), JSON, f.body());
  }

  private static LocalHttpServer.Response ok(byte[] body) {
    return new LocalHttpServer.Response(200, JSON, body);
  }

  /** The error code for a framing error the server answers before a route runs. */
  private static ErrorCode framingCode(int status) {
    return switch (status) {
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 500 -> ErrorCode.INTERNAL;
      default -> ErrorCode.BAD_REQUEST;
    };
  }

  private static byte[] write(ObjectNode o) {
    try {
      return MAPPER.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON writing failed", e);
    }
  }
}
