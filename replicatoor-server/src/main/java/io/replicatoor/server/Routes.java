package io.replicatoor.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.handover.Phase;
import io.replicatoor.core.handover.Replicatoor;
import io.replicatoor.core.handover.StatusView;
import io.replicatoor.core.handover.Transcripts;
import io.replicatoor.core.port.ApprovalStatus;
import io.replicatoor.core.port.PendingUpgrade;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host API's routes: each parses its request, calls ONE operation of the core {@link
 * Replicatoor} (or, for {@code /configure}, of {@link HostSettings}), and renders the answer. No
 * route decides anything itself; every refusal is core's {@link ReplicatoorException}.
 */
final class Routes {
  /** Form fields of the original {@code curl -d pubk=... -d quote=...}. */
  static final Set<String> ONBOARD_FIELDS = Set.of("pubk", "quote");

  private static final ObjectMapper WRITER = new ObjectMapper();

  private final Replicatoor replicatoor;
  private final HostSettings settings;
  private final Metrics metrics;
  private volatile RenderedStatus renderedStatus;

  Routes(Replicatoor replicatoor, HostSettings settings, Metrics metrics) {
    this.replicatoor = replicatoor;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** A route handler. */
  @FunctionalInterface
  interface Handler {
    Response handle(Request request) throws ReplicatoorException;
  }

  /**
   * A route: its method and handler.
   *
   * @param method the only HTTP method it answers
   * @param handler the handler
   */
  record Route(String method, Handler handler) {}

  /**
   * The host API's routing table. The guest routes ({@code /getkey}, {@code GetKey}) are absent.
   */
  Map<String, Route> table() {
    Map<String, Route> t = new LinkedHashMap<>();
    t.put("/status", new Route("GET", this::status));
    t.put("/configure", new Route("POST", this::configure));
    t.put("/requestKey", new Route("POST", this::requestKey));
    t.put("/onboard", new Route("POST", this::onboard));
    t.put("/receiveKey", new Route("POST", this::receiveKey));
    t.put("/genesis", new Route("POST", this::genesis));
    t.put("/healthz", new Route("GET", this::healthz));
    t.put("/metrics", new Route("GET", this::metrics));
    return Map.copyOf(t);
  }

  /**
   * {@code GET /status}: {@link Replicatoor#status()}, rendered once per published view: core
   * publishes a new {@link StatusView} instance whenever a route or the scheduled refresh (which
   * also makes the status quote) ends, so the cache is keyed on that instance's identity, never on
   * its contents, and is exact whatever fields the view holds.
   */
  Response status(Request r) {
    StatusView s = replicatoor.status();
    RenderedStatus c = renderedStatus;
    if (c == null || c.view() != s) {
      c = new RenderedStatus(s, statusJson(s));
      renderedStatus = c;
    }
    return Response.json(c.json());
  }

  /** A status view and its JSON (never modified after rendering; Response bodies are not). */
  private record RenderedStatus(StatusView view, byte[] json) {}

  /** {@code POST /configure}: {@link HostSettings#apply(String)} on the env-file body. */
  Response configure(Request r) throws ReplicatoorException {
    if (!r.typeIn(Request.TEXT, Request.FORM, "application/octet-stream")) {
      throw new ReplicatoorException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "/configure takes an env-file text body (KEY=VALUE lines), e.g. curl --data-binary"
              + " @settings.env");
    }
    Set<String> set = settings.apply(r.text());
    ObjectNode o = WRITER.createObjectNode();
    ArrayNode a = o.putArray("configured");
    set.forEach(a::add);
    return Response.json(write(o));
  }

  /** {@code POST /requestKey} (empty body): {@link Replicatoor#requestKey()}. */
  Response requestKey(Request r) throws ReplicatoorException {
    requireNoBody(r, "/requestKey");
    return Response.json(replicatoor.requestKey().encode());
  }

  /**
   * {@code POST /onboard}: the whole {@code /requestKey} answer as JSON ({@link
   * Replicatoor#onboard(byte[])}), or the original form fields {@code pubk} and {@code quote}
   * ({@link Replicatoor#onboard(String, String)}).
   */
  Response onboard(Request r) throws ReplicatoorException {
    if (!r.typeIn(Request.FORM, Request.JSON, Request.TEXT)) {
      throw new ReplicatoorException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "/onboard takes the /requestKey answer as JSON, or the form fields pubk and quote"
              + " (curl -d pubk=... -d quote=...)");
    }
    // curl -d and --data-binary send JSON files as form-encoded: recognise JSON by its first byte.
    if (r.looksLikeJsonObject() || r.mediaType().filter(Request.JSON::equals).isPresent()) {
      return Response.json(replicatoor.onboard(r.body()).encode());
    }
    if (r.mediaType().filter(Request.TEXT::equals).isPresent()) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST,
          "/onboard: a text body must be the /requestKey answer (a JSON object)");
    }
    Map<String, String> form = form(r.text(), ONBOARD_FIELDS);
    return Response.json(replicatoor.onboard(form.get("pubk"), form.get("quote")).encode());
  }

  /** {@code POST /receiveKey}: exactly what {@code /onboard} returned, any content type. */
  Response receiveKey(Request r) throws ReplicatoorException {
    if (r.blank()) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST,
          "/receiveKey takes the answer of /onboard as its body (curl --data-binary @onboard.out)");
    }
    return Response.json(statusJson(replicatoor.receiveKey(r.body())));
  }

  /** {@code POST /genesis} (empty body): {@link Replicatoor#genesis()}. */
  Response genesis(Request r) throws ReplicatoorException {
    requireNoBody(r, "/genesis");
    return Response.json(replicatoor.genesis().encode());
  }

  /** {@code GET /healthz}: {@link Replicatoor#status()}; 503 once the instance halted. */
  Response healthz(Request r) {
    StatusView s = replicatoor.status();
    ObjectNode o = WRITER.createObjectNode();
    o.put("ok", s.phase() != Phase.HALTED);
    o.put("phase", s.phase().name());
    o.put("serving", s.serving());
    s.reason().ifPresent(why -> o.set("reason", reasonJson(why)));
    return new Response(s.phase() == Phase.HALTED ? 503 : 200, Response.JSON, write(o));
  }

  /**
   * {@code GET /metrics}: {@link Replicatoor#status()} and the request counters, Prometheus text.
   */
  Response metrics(Request r) {
    return new Response(
        200,
        Response.PROMETHEUS,
        metrics.render(replicatoor.status()).getBytes(StandardCharsets.UTF_8));
  }

  // ---- rendering and parsing ---------------------------------------------------------------

  /** The public status as JSON: only the allow-listed fields of {@link StatusView}. */
  static byte[] statusJson(StatusView s) {
    ObjectNode o = WRITER.createObjectNode();
    o.put("protocolVersion", s.protocolVersion());
    o.put("phase", s.phase().name());
    o.put("holdsState", s.phase() == Phase.SERVING);
    o.put("serving", s.serving());
    s.reason().ifPresent(why -> o.set("reason", reasonJson(why)));
    o.put("measurementId", s.measurementId());
    s.fingerprint().ifPresent(f -> o.put("fingerprint", f));
    s.stateVersion().ifPresent(v -> o.put("stateVersion", v));
    o.put("sealing", s.sealing().name());
    if (!s.sealingTrust().isEmpty()) {
      o.put("sealingTrust", s.sealingTrust());
    }
    s.lastVerifiedBlock().ifPresent(b -> o.put("lastVerifiedBlock", b));
    s.haltReason().ifPresent(h -> o.put("haltReason", h));
    o.put("peersOnboarded", s.peersOnboarded());
    o.put("onboardedFrom", s.onboardedFrom());
    o.put("peersKnownToHoldState", s.peersKnownToHoldState());
    s.ownApproval().ifPresent(a -> o.set("ownApproval", approvalJson(a)));
    s.chain()
        .ifPresent(c -> {
          ObjectNode n = o.putObject("chain");
          n.put("chainId", c.chainId());
          n.put("contract", c.contract());
          n.put("blockNumber", c.block().number());
          n.put("blockHash", c.block().hash().toPrefixedHex());
          n.put("blockTimestamp", c.block().timestamp().getEpochSecond());
        });
    s.pendingUpgrades()
        .ifPresent(p -> {
          ObjectNode n = o.putObject("pendingUpgrades");
          n.put("blockNumber", p.block().number());
          n.put("truncated", p.truncated());
          ArrayNode list = n.putArray("upgrades");
          for (PendingUpgrade u : p.upgrades()) {
            ObjectNode e = list.addObject();
            e.put("measurementId", u.measurementId().toHex());
            e.put("activeAt", u.activeAt().getEpochSecond());
            e.put("activeAtUtc", u.activeAt().toString());
          }
        });
    s.collateral()
        .ifPresent(c -> {
          ObjectNode n = o.putObject("collateral");
          n.put("source", c.source());
          c.fetchedAt().ifPresent(t -> n.put("fetchedAt", t.toString()));
          c.nextUpdate().ifPresent(t -> n.put("nextUpdate", t.toString()));
          n.put("stale", c.stale());
          n.put("expired", c.expired());
          c.lastError().ifPresent(e -> n.put("lastError", e.name()));
          n.put("checkedAt", c.checkedAt().toString());
        });
    s.statusQuote()
        .ifPresent(q -> {
          ObjectNode n = o.putObject("statusQuote");
          n.put("transcript", Transcripts.STATUS_LABEL);
          n.put("protocolVersion", q.protocolVersion());
          n.put("fingerprint", q.fingerprint().toHex());
          n.put("stateVersion", q.stateVersion());
          n.put("statePublicKey", Hex.encode(q.statePublicKey()));
          n.put("blockNumber", q.block().number());
          n.put("blockHash", q.block().hash().toPrefixedHex());
          n.put("blockTimestamp", q.block().timestamp().getEpochSecond());
          n.put("quote", q.evidence().quoteHex());
          n.put("eventLog", q.evidence().eventLog());
        });
    return write(o);
  }

  private static ObjectNode reasonJson(StatusView.Reason why) {
    ObjectNode n = WRITER.createObjectNode();
    n.put("error", why.error().name());
    n.put("message", why.message());
    n.put("since", why.since().getEpochSecond());
    n.put("sinceUtc", why.since().toString());
    return n;
  }

  private static ObjectNode approvalJson(ApprovalStatus a) {
    ObjectNode n = WRITER.createObjectNode();
    switch (a) {
      case ApprovalStatus.Approved ok -> {
        n.put("status", "ACTIVE");
        n.put("activeAt", ok.activeAt().getEpochSecond());
      }
      case ApprovalStatus.Pending p -> {
        n.put("status", "PENDING");
        n.put("activeAt", p.activeAt().getEpochSecond());
      }
      case ApprovalStatus.Revoked r -> n.put("status", "REVOKED");
      case ApprovalStatus.Unknown u -> n.put("status", "NONE");
    }
    return n;
  }

  /** {@code {"error": CODE, "message": ...}}. */
  static byte[] errorJson(ErrorCode code, String message) {
    ObjectNode o = WRITER.createObjectNode();
    o.put("error", code.name());
    o.put("message", message);
    return write(o);
  }

  private static void requireNoBody(Request r, String route) throws ReplicatoorException {
    if (!r.blank()) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST, route + " takes no body (curl -X POST " + route + ")");
    }
  }

  /**
   * Strict {@code application/x-www-form-urlencoded}: exactly the {@code fields}, each once.
   *
   * @throws ReplicatoorException {@code BAD_REQUEST} naming what is missing, unknown or repeated
   */
  static Map<String, String> form(String body, Set<String> fields) throws ReplicatoorException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body.strip().split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!fields.contains(name)) {
        throw new ReplicatoorException(
            ErrorCode.BAD_REQUEST,
            "unknown form field; send exactly " + String.join(" and ", sorted(fields)));
      }
      if (out.put(name, value) != null) {
        throw new ReplicatoorException(ErrorCode.BAD_REQUEST, "form field " + name + " repeated");
      }
    }
    for (String f : sorted(fields)) {
      if (!out.containsKey(f)) {
        throw new ReplicatoorException(
            ErrorCode.BAD_REQUEST,
            "form field "
                + f
                + " missing; send -d pubk=<pubk> -d quote=<quote> with both values of the"
                + " /requestKey answer");
      }
    }
    return out;
  }

  private static String decode(String s) throws ReplicatoorException {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, "form body is not URL-encoded");
    }
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }

  private static byte[] write(ObjectNode o) {
    try {
      return WRITER.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON writing failed", e);
    }
  }
}
