package io.replicatoor.attest.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.eventlog.EventLog;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.json.BoundedJson;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Client for the dstack guest agent over HTTP/1.1 on a Unix socket (JDK {@code
 * UnixDomainSocketAddress}) or an {@code http(s)://} endpoint: current API ({@code GetQuote},
 * {@code GetKey}, {@code Info}) and legacy tappd API ({@code Tappd.RawQuote}, {@code
 * Tappd.DeriveKey}, {@code Tappd.Info}) (dstack-guest-interface.md sections 1-3).
 *
 * <p>Security guarantees: every exchange has one deadline and a response size limit; connection
 * failures, timeouts, agent-reported errors and malformed answers each become a {@link
 * ReplicatoorException} with {@code AGENT_UNAVAILABLE}, {@code AGENT_TIMEOUT}, {@code AGENT_ERROR}
 * or {@code AGENT_RESPONSE_INVALID}; quotes are only requested in raw mode with the caller's report
 * data, and a returned quote whose REPORTDATA differs from the request is rejected; derived keys
 * are returned as {@link SecretBytes} and never appear in messages. Nothing returned here is
 * verified: quotes go to the DCAP verifier and event logs to {@code RtmrReplay}.
 */
public final class GuestAgentClient {
  /** Default deadline for one whole exchange (connect, send, receive). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  /** Default response size limit (a quote is ~10 KB as hex, event logs tens of KB; section 1.8). */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

  /** REPORTDATA size (TDX TD report). */
  public static final int REPORT_DATA_SIZE = 64;

  /** Environment variable the official SDKs read for the current API endpoint. */
  public static final String ENV_DSTACK_ENDPOINT = "DSTACK_SIMULATOR_ENDPOINT";

  /** Environment variable the official SDKs read for the legacy tappd endpoint. */
  public static final String ENV_TAPPD_ENDPOINT = "TAPPD_SIMULATOR_ENDPOINT";

  /** The folders the SDKs probe for a socket, in the Python SDK's order (section 1.7). */
  private static final List<String> SOCKET_FOLDERS =
      List.of("/var/run", "/run", "/var/run/dstack", "/run/dstack");

  /** Current-API sockets in the Python SDK's probing order (section 1.7). */
  public static final List<Path> DSTACK_SOCKETS = inSocketFolders("dstack.sock");

  /** Legacy tappd sockets, probed when no current socket exists. */
  public static final List<Path> TAPPD_SOCKETS = inSocketFolders("tappd.sock");

  /** Largest agent error message copied into an exception. */
  static final int MAX_ERROR_MESSAGE = 300;

  private final AgentTransport transport;
  private final AgentApi api;
  private final Target target;
  private final Duration timeout;
  private final int maxResponseBytes;
  private final BoundedJson json;

  /** Where the client connects. */
  private record Target(Path socket, URI uri) {}

  private GuestAgentClient(Target target, AgentApi api, Duration timeout, int maxResponseBytes) {
    this.target = target;
    this.api = api;
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
    this.json = BoundedJson.withMaxBytes(maxResponseBytes);
    this.transport =
        target.socket() != null
            ? new UnixHttpTransport(target.socket(), timeout, maxResponseBytes)
            : new JdkHttpTransport(target.uri(), timeout, maxResponseBytes);
  }

  /**
   * A client for the socket at {@code socket}; a file named {@code tappd.sock} speaks the legacy
   * API.
   */
  public static GuestAgentClient forUnixSocket(Path socket) {
    Path name = socket.getFileName();
    boolean legacy = name != null && name.toString().equals("tappd.sock");
    return forUnixSocket(socket, legacy ? AgentApi.LEGACY : AgentApi.CURRENT);
  }

  /** A client for the socket at {@code socket} speaking {@code api}. */
  public static GuestAgentClient forUnixSocket(Path socket, AgentApi api) {
    return new GuestAgentClient(
        new Target(Objects.requireNonNull(socket, "socket"), null),
        Objects.requireNonNull(api, "api"),
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_RESPONSE_BYTES);
  }

  /** A client for an {@code http://} or {@code https://} endpoint speaking the current API. */
  public static GuestAgentClient forEndpoint(URI endpoint) {
    return forEndpoint(endpoint, AgentApi.CURRENT);
  }

  /** A client for an {@code http://} or {@code https://} endpoint speaking {@code api}. */
  public static GuestAgentClient forEndpoint(URI endpoint, AgentApi api) {
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("agent endpoint must be http:// or https://");
    }
    return new GuestAgentClient(
        new Target(null, endpoint),
        Objects.requireNonNull(api, "api"),
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_RESPONSE_BYTES);
  }

  /**
   * Finds the agent like the official SDKs: {@value #ENV_DSTACK_ENDPOINT} (socket path or URL)
   * overrides; otherwise the first existing socket of {@link #DSTACK_SOCKETS}; then {@value
   * #ENV_TAPPD_ENDPOINT}; then the first existing socket of {@link #TAPPD_SOCKETS} (legacy API).
   *
   * <p>For tools and development only: a replicatoor server takes its socket path from measured
   * configuration ({@link #forUnixSocket}), never from environment variables a host could set
   * (section 1.7).
   *
   * @throws ReplicatoorException {@code AGENT_UNAVAILABLE} when nothing is found
   */
  public static GuestAgentClient discover() throws ReplicatoorException {
    return discover(System.getenv(), DSTACK_SOCKETS, TAPPD_SOCKETS);
  }

  private static List<Path> inSocketFolders(String file) {
    return SOCKET_FOLDERS.stream().map(folder -> Path.of(folder, file)).toList();
  }

  /** The agent named by {@code setting}, else the first existing socket, else null. */
  private static GuestAgentClient find(String setting, List<Path> sockets, AgentApi api)
      throws ReplicatoorException {
    if (setting != null && !setting.isBlank()) {
      return fromSetting(setting.trim(), api);
    }
    for (Path p : sockets) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        return forUnixSocket(p, api);
      }
    }
    return null;
  }

  /** {@link #discover()} with explicit environment and candidate lists (tests). */
  static GuestAgentClient discover(
      Map<String, String> env, List<Path> dstackSockets, List<Path> tappdSockets)
      throws ReplicatoorException {
    GuestAgentClient found = find(env.get(ENV_DSTACK_ENDPOINT), dstackSockets, AgentApi.CURRENT);
    if (found == null) {
      found = find(env.get(ENV_TAPPD_ENDPOINT), tappdSockets, AgentApi.LEGACY);
    }
    if (found != null) {
      return found;
    }
    List<Path> all = new ArrayList<>(dstackSockets);
    all.addAll(tappdSockets);
    throw new ReplicatoorException(
        ErrorCode.AGENT_UNAVAILABLE, "no guest agent socket found (checked " + all + ")");
  }

  private static GuestAgentClient fromSetting(String value, AgentApi api) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return forEndpoint(URI.create(value), api);
    }
    return forUnixSocket(Path.of(value), api);
  }

  /** The same client with another whole-exchange deadline. */
  public GuestAgentClient withTimeout(Duration newTimeout) {
    if (newTimeout.isNegative() || newTimeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    return new GuestAgentClient(target, api, newTimeout, maxResponseBytes);
  }

  /** The same client with another response size limit. */
  public GuestAgentClient withMaxResponseBytes(int newMax) {
    if (newMax <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
    return new GuestAgentClient(target, api, timeout, newMax);
  }

  /** The API this endpoint speaks. */
  public AgentApi api() {
    return api;
  }

  /** The socket path or URL. */
  public String endpoint() {
    return transport.describe();
  }

  /**
   * A quote over exactly 64 bytes of report data through whichever raw path this endpoint offers:
   * {@code GetQuote} (current) or {@code Tappd.RawQuote} (legacy) (section 3.1).
   */
  public QuoteResponse quote(byte[] reportData64) throws ReplicatoorException {
    requireExactly64(reportData64);
    return api == AgentApi.CURRENT ? getQuote(reportData64) : tappdRawQuote(reportData64);
  }

  /**
   * {@code POST /GetQuote}: REPORTDATA = {@code reportData} right-padded with zeros to 64 bytes.
   *
   * @throws IllegalArgumentException when {@code reportData} is longer than 64 bytes
   */
  public QuoteResponse getQuote(byte[] reportData) throws ReplicatoorException {
    if (reportData.length > REPORT_DATA_SIZE) {
      throw new IllegalArgumentException(
          "report data is " + reportData.length + " bytes; at most 64 allowed");
    }
    ObjectNode req = JsonNodeFactory.instance.objectNode();
    req.put("report_data", Hex.encode(reportData));
    JsonNode r = call("/GetQuote", req);
    byte[] padded = Arrays.copyOf(reportData, REPORT_DATA_SIZE);
    Optional<Bytes> echoed = Optional.empty();
    if (r.hasNonNull("report_data")) {
      Bytes rd = hexField(r, "report_data");
      if (!rd.equals(Bytes.of(padded))) {
        throw invalid("GetQuote echoed report_data that differs from the request");
      }
      echoed = Optional.of(rd);
    }
    Optional<String> vmConfig =
        r.hasNonNull("vm_config") ? Optional.of(textField(r, "vm_config")) : Optional.empty();
    return quoteResponse(r, padded, echoed, vmConfig, "GetQuote");
  }

  /** {@code POST /prpc/Tappd.RawQuote?json} with exactly 64 bytes (no hashing, no padding). */
  public QuoteResponse tappdRawQuote(byte[] reportData64) throws ReplicatoorException {
    requireExactly64(reportData64);
    ObjectNode req = JsonNodeFactory.instance.objectNode();
    req.put("report_data", Hex.encode(reportData64));
    JsonNode r = call("/prpc/Tappd.RawQuote?json", req);
    if (r.hasNonNull("hash_algorithm") && !r.get("hash_algorithm").asText().equals("raw")) {
      throw invalid("Tappd.RawQuote answered with hash_algorithm other than raw");
    }
    return quoteResponse(r, reportData64, Optional.empty(), Optional.empty(), "Tappd.RawQuote");
  }

  /**
   * {@code POST /GetKey} with {@code path} and {@code purpose} (algorithm: the agent default,
   * secp256k1).
   */
  public KeyResponse getKey(String path, String purpose) throws ReplicatoorException {
    ObjectNode req = JsonNodeFactory.instance.objectNode();
    req.put("path", Objects.requireNonNull(path, "path"));
    req.put("purpose", Objects.requireNonNull(purpose, "purpose"));
    JsonNode r = call("/GetKey", req);
    byte[] key = secretHex(r, "key");
    try {
      if (key.length != 32) {
        throw invalid("GetKey returned a key of " + key.length + " bytes, expected 32");
      }
      List<Bytes> chain = new ArrayList<>();
      for (JsonNode s : arrayField(r, "signature_chain")) {
        if (!s.isTextual()) {
          throw invalid("GetKey signature_chain entries must be hex strings");
        }
        chain.add(decodeHex(s.asText(), "signature_chain"));
      }
      return new KeyResponse(SecretBytes.copyOf(key), chain);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * {@code POST /prpc/Tappd.DeriveKey?json}: a P-256 key and certificate chain for {@code path}.
   */
  public DerivedKeyResponse tappdDeriveKey(String path, String subject, List<String> altNames)
      throws ReplicatoorException {
    ObjectNode req = JsonNodeFactory.instance.objectNode();
    req.put("path", Objects.requireNonNull(path, "path"));
    req.put("subject", Objects.requireNonNull(subject, "subject"));
    ArrayNode alt = req.putArray("alt_names");
    altNames.forEach(alt::add);
    req.put("usage_ra_tls", false);
    req.put("usage_server_auth", false);
    req.put("usage_client_auth", false);
    JsonNode r = call("/prpc/Tappd.DeriveKey?json", req);
    JsonNode k = r.get("key");
    if (k == null || !k.isTextual() || !k.asText().contains("PRIVATE KEY")) {
      throw invalid("Tappd.DeriveKey response lacks a PEM 'key'");
    }
    List<String> chain = new ArrayList<>();
    for (JsonNode c : arrayField(r, "certificate_chain")) {
      if (!c.isTextual()) {
        throw invalid("Tappd.DeriveKey certificate_chain entries must be strings");
      }
      chain.add(c.asText());
    }
    byte[] pem = k.asText().getBytes(StandardCharsets.UTF_8);
    try {
      return new DerivedKeyResponse(SecretBytes.copyOf(pem), chain);
    } finally {
      Arrays.fill(pem, (byte) 0);
    }
  }

  /** {@code POST /Info}. */
  public AppInfo info() throws ReplicatoorException {
    return appInfo(call("/Info", JsonNodeFactory.instance.objectNode()), "Info");
  }

  /** {@code POST /prpc/Tappd.Info?json}. */
  public AppInfo tappdInfo() throws ReplicatoorException {
    return appInfo(
        call("/prpc/Tappd.Info?json", JsonNodeFactory.instance.objectNode()), "Tappd.Info");
  }

  /** A complete agent answer, passed on unchanged by a relay. */
  public record Forwarded(int status, byte[] body) {
    /** Copies the body. */
    public Forwarded {
      body = body.clone();
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /**
   * Sends {@code method target} with {@code body} (JSON, or none when null) to the agent and
   * returns its answer whatever the status, within this client's deadline and response-size limit
   * (for the guest API's pass-through of the agent routes replicatoor does not answer itself).
   *
   * @throws ReplicatoorException {@code AGENT_UNAVAILABLE}, {@code AGENT_TIMEOUT} or {@code
   *     AGENT_RESPONSE_INVALID} as {@link #getQuote}
   */
  public Forwarded forward(String method, String target, byte[] body) throws ReplicatoorException {
    AgentTransport.HttpResult r =
        transport.exchange(
            Objects.requireNonNull(method, "method"),
            Objects.requireNonNull(target, "target"),
            body);
    return new Forwarded(r.status(), r.body());
  }

  // ---- response handling ----------------------------------------------------------------------

  private QuoteResponse quoteResponse(
      JsonNode r,
      byte[] expectedReportData,
      Optional<Bytes> echoed,
      Optional<String> vmConfig,
      String method)
      throws ReplicatoorException {
    Bytes quote = hexField(r, "quote");
    String logJson = textField(r, "event_log");
    EventLog log;
    try {
      log = EventLog.parse(logJson);
    } catch (ReplicatoorException e) {
      throw invalid(method + " returned an unreadable event_log: " + e.getMessage());
    }
    Quote parsed;
    try {
      parsed = Quote.parse(quote.toByteArray());
    } catch (ReplicatoorException e) {
      throw invalid(method + " returned an unparseable quote: " + e.getMessage());
    }
    if (!parsed.reportBody().reportData().contentEquals(expectedReportData)) {
      throw invalid(method + " returned a quote whose REPORTDATA differs from the request");
    }
    return new QuoteResponse(quote, log, logJson, echoed, vmConfig);
  }

  private static AppInfo appInfo(JsonNode r, String method) throws ReplicatoorException {
    return new AppInfo(
        normalisedHex(optionalText(r, "app_id", method).orElse("")),
        normalisedHex(optionalText(r, "instance_id", method).orElse("")),
        optionalText(r, "app_name", method).orElse(""),
        optionalText(r, "tcb_info", method),
        optionalText(r, "compose_hash", method).map(GuestAgentClient::normalisedHex),
        optionalText(r, "os_image_hash", method).map(GuestAgentClient::normalisedHex),
        optionalText(r, "device_id", method).map(GuestAgentClient::normalisedHex));
  }

  private static Optional<String> optionalText(JsonNode r, String field, String method)
      throws ReplicatoorException {
    JsonNode n = r.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw invalid(method + " field '" + field + "' must be a string");
    }
    return Optional.of(n.asText());
  }

  private static String normalisedHex(String s) {
    String t = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    return t.toLowerCase(Locale.ROOT);
  }

  /** POSTs {@code body} and returns the JSON object of a 200 answer. */
  private JsonNode call(String path, JsonNode body) throws ReplicatoorException {
    byte[] req = body.toString().getBytes(StandardCharsets.UTF_8);
    AgentTransport.HttpResult res = transport.exchange("POST", path, req);
    JsonNode parsed = null;
    String parseError = null;
    try {
      parsed = json.read(res.body());
    } catch (JsonProcessingException e) {
      // Only the position: Jackson quotes the offending token, which may be key material (P11).
      var loc = e.getLocation();
      parseError =
          e.getClass().getSimpleName()
              + (loc == null
                  ? ""
                  : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr());
    } catch (IOException e) {
      parseError = e.getMessage(); // BoundedJson's own messages: sizes only
    }
    if (res.status() != 200) {
      // Section 1.5: HTTP 400 with {"error": "..."}; any non-200 is AGENT_ERROR.
      String msg =
          parsed != null && parsed.path("error").isTextual()
              ? sanitise(parsed.get("error").asText())
              : "no error message";
      throw new ReplicatoorException(
          ErrorCode.AGENT_ERROR,
          "guest agent answered " + path + " with HTTP " + res.status() + ": " + msg);
    }
    if (parsed == null) {
      throw invalid(
          "guest agent answered " + path + " with a body that is not JSON: " + parseError);
    }
    if (!parsed.isObject()) {
      throw invalid("guest agent answered " + path + " with JSON that is not an object");
    }
    return parsed;
  }

  private static String sanitise(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < MAX_ERROR_MESSAGE; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c != 0x7f ? c : ' ');
    }
    if (s.length() > MAX_ERROR_MESSAGE) {
      sb.append("...");
    }
    return sb.toString();
  }

  private static String textField(JsonNode r, String field) throws ReplicatoorException {
    JsonNode n = r.get(field);
    if (n == null || !n.isTextual()) {
      throw invalid("guest agent response lacks string field '" + field + "'");
    }
    return n.asText();
  }

  private static Bytes hexField(JsonNode r, String field) throws ReplicatoorException {
    return decodeHex(textField(r, field), field);
  }

  /** Decodes a secret hex field without putting its content into any message. */
  private static byte[] secretHex(JsonNode r, String field) throws ReplicatoorException {
    String text = textField(r, field);
    try {
      return Hex.decode(text);
    } catch (IllegalArgumentException e) {
      throw invalid("guest agent field '" + field + "' is not valid hex");
    }
  }

  private static Bytes decodeHex(String text, String field) throws ReplicatoorException {
    try {
      return Bytes.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw invalid("guest agent field '" + field + "': " + e.getMessage());
    }
  }

  private static JsonNode arrayField(JsonNode r, String field) throws ReplicatoorException {
    JsonNode n = r.get(field);
    if (n == null || !n.isArray()) {
      throw invalid("guest agent response lacks array field '" + field + "'");
    }
    return n;
  }

  private static void requireExactly64(byte[] reportData) {
    if (reportData.length != REPORT_DATA_SIZE) {
      throw new IllegalArgumentException(
          "report data must be exactly 64 bytes, got " + reportData.length);
    }
  }

  private static ReplicatoorException invalid(String message) {
    return new ReplicatoorException(ErrorCode.AGENT_RESPONSE_INVALID, message);
  }

  @Override
  public String toString() {
    return "GuestAgentClient[" + api + " " + transport.describe() + "]";
  }
}
