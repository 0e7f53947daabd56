package io.replicatoor.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.bytes.ByteArrays;
import io.replicatoor.core.crypto.HashAlgorithm;
import io.replicatoor.core.json.BoundedJson;
import io.replicatoor.core.json.JsonLimits;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The simulated guest agent: answers dstack's current ({@code /GetQuote}, {@code /GetKey}, {@code
 * /Info}, {@code /Version}, {@code /Attest}, {@code /GetTlsKey}, {@code /EmitEvent}) and legacy
 * ({@code /prpc/Tappd.RawQuote}, {@code Tappd.TdxQuote}, {@code Tappd.DeriveKey}, {@code
 * Tappd.Info}, {@code Tappd.Version}) methods with dstack's JSON shapes, independent of the
 * transport (dstack-guest-interface.md sections 1-3).
 *
 * <p>Quotes are signed afresh for every request by {@link QuoteSigner}; their REPORTDATA is exactly
 * what the request asked for (right-padded with zeros for {@code GetQuote}, section 3) and their
 * RTMR3 is the replay of the returned event log.
 */
public final class GuestAgentSimulator {
  /** Version reported by {@code /Version}. */
  public static final String VERSION = "0.5.11-replicatoor-sim";

  /** REPORTDATA size. */
  static final int REPORT_DATA_SIZE = 64;

  private static final HexFormat HEX = HexFormat.of();

  /** Wire JSON output: ASCII only (the JS SDK counts characters as bytes). Never parses. */
  static final ObjectMapper JSON = wireMapper();

  /** Wire JSON input: request bodies and compose files, bounded and strict. */
  private static final BoundedJson REQUEST_JSON = BoundedJson.of(JsonLimits.GUEST_AGENT_REQUEST);

  private static final Set<String> UNSUPPORTED =
      Set.of("Sign", "Verify", "GpuInfo", "GetAttestationForAppKey");

  private final DevPki pki;
  private final SimulatedInstance instance;
  private final QuoteSigner signer;
  private final SimKeyDerivation keys;
  private volatile Rendered rendered;
  private final String vmConfigJson;
  private final SimTlsIssuer tls;
  private final Clock clock;

  private GuestAgentSimulator(DevPki pki, SimulatedInstance instance, Clock clock, SecureRandom rng)
      throws GeneralSecurityException {
    this.pki = pki;
    this.instance = instance;
    this.signer = new QuoteSigner(pki, rng);
    this.keys = SimKeyDerivation.forApp(pki.masterKey(), instance.appId());
    this.rendered = render(instance.snapshot());
    this.vmConfigJson = vmConfig().toString();
    this.tls = new SimTlsIssuer(keys, rng);
    this.clock = clock;
  }

  /**
   * A simulator for {@code instance}, signing with {@code pki}.
   *
   * @param clock the time of issued TLS certificates ({@code GetTlsKey}, {@code DeriveKey})
   * @param rng ECDSA nonces of quotes; key pairs and serial numbers of issued TLS certificates
   */
  public static GuestAgentSimulator create(
      DevPki pki, SimulatedInstance instance, Clock clock, SecureRandom rng)
      throws GeneralSecurityException {
    return new GuestAgentSimulator(pki, instance, clock, rng);
  }

  /** Everything the {@code simulate} command sets up: PKI, collateral and one instance. */
  public record Setup(
      GuestAgentSimulator simulator, DevPki pki, CollateralWriter.Written collateral) {}

  /**
   * Loads or creates the dev PKI in {@code stateDir}, writes fresh collateral to {@code
   * stateDir/collateral} and starts a new simulated instance of {@code compose}. The PKI and the
   * collateral are dated {@code clock.instant()} at set-up; the simulator keeps {@code clock} and
   * {@code rng} for what it issues while serving.
   */
  public static Setup setUp(
      Path stateDir, byte[] compose, byte[] appId, ImageConfig image, Clock clock, SecureRandom rng)
      throws IOException, GeneralSecurityException {
    Instant now = clock.instant();
    DevPki pki = DevPki.loadOrCreate(stateDir, now, rng);
    CollateralWriter.Written written =
        CollateralWriter.write(pki, stateDir.resolve("collateral"), now, rng);
    SimulatedInstance instance = SimulatedInstance.create(compose, appId, image, rng);
    return new Setup(create(pki, instance, clock, rng), pki, written);
  }

  public SimulatedInstance instance() {
    return instance;
  }

  public DevPki pki() {
    return pki;
  }

  /** A snapshot with its event log rendered once as dstack's JSON array text. */
  private record Rendered(SimulatedInstance.Snapshot snapshot, String eventLogJson) {}

  private Rendered current() {
    Rendered r = rendered;
    SimulatedInstance.Snapshot s = instance.snapshot();
    if (r.snapshot() != s) {
      r = render(s);
      rendered = r;
    }
    return r;
  }

  private static Rendered render(SimulatedInstance.Snapshot s) {
    return new Rendered(s, eventLogArray(s.eventLog()).toString());
  }

  /** The event log as dstack returns it: a JSON array text. */
  public String eventLogJson() {
    return current().eventLogJson();
  }

  /** A freshly signed quote with exactly {@code reportData} (64 bytes) as REPORTDATA. */
  public byte[] quote(byte[] reportData) throws GeneralSecurityException {
    return signer.sign(instance.measurements(), reportData);
  }

  /** A quote and the event log it matches, taken from one snapshot. */
  private record SignedQuote(byte[] quote, String eventLogJson) {}

  private SignedQuote signedQuote(byte[] reportData) throws GeneralSecurityException {
    Rendered r = current();
    return new SignedQuote(signer.sign(r.snapshot().measurements(), reportData), r.eventLogJson());
  }

  /** An HTTP-level answer: status and JSON body. */
  public record Response(int status, String body) {
    static Response ok(JsonNode n) {
      try {
        return new Response(200, JSON.writeValueAsString(n));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Status and body size only: a body may hold GetKey/DeriveKey key material (P11). */
    @Override
    public String toString() {
      return "Response[status=" + status + ", body=" + body.length() + " chars]";
    }

    /** dstack's error shape: HTTP 400, pretty-printed {@code {"error": message}} (section 1.5). */
    static Response error(int status, String message) {
      ObjectNode n = JSON.createObjectNode();
      n.put("error", message);
      try {
        return new Response(status, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Which API a listener serves. */
  public enum Api {
    /** {@code dstack.sock}: methods at {@code /<Method>}. */
    CURRENT,
    /** {@code tappd.sock}: methods at {@code /prpc/Tappd.<Method>}. */
    LEGACY,
    /** Both route sets on one listener. */
    BOTH
  }

  /**
   * Handles one request.
   *
   * @param target request target, e.g. {@code /GetQuote} or {@code /prpc/Tappd.RawQuote?json}
   * @param jsonBody whether the body is JSON (GET, {@code ?json} or {@code application/json})
   */
  public Response handle(Api api, String httpMethod, String target, boolean jsonBody, byte[] body) {
    String path = target;
    String query = "";
    int q = target.indexOf('?');
    if (q >= 0) {
      path = target.substring(0, q);
      query = target.substring(q + 1);
    }
    boolean json = jsonBody || "GET".equals(httpMethod) || hasFlag(query, "json");
    String method;
    boolean legacy;
    if (path.startsWith("/prpc/Tappd.") && api != Api.CURRENT) {
      method = path.substring("/prpc/Tappd.".length());
      legacy = true;
    } else if (path.startsWith("/")
        && path.indexOf('/', 1) < 0
        && path.length() > 1
        && api != Api.LEGACY) {
      method = path.substring(1);
      legacy = false;
    } else {
      return Response.error(404, "Method not found: " + path);
    }
    ObjectNode args;
    try {
      args = arguments(httpMethod, query, json, body);
    } catch (IllegalArgumentException e) {
      return Response.error(400, e.getMessage());
    }
    try {
      return legacy ? legacy(method, args) : current(method, args);
    } catch (IllegalArgumentException e) {
      return Response.error(400, e.getMessage());
    } catch (GeneralSecurityException e) {
      return Response.error(500, "simulator signing failed");
    }
  }

  private Response current(String method, ObjectNode a) throws GeneralSecurityException {
    switch (method) {
      case "GetQuote":
        {
          byte[] rd = hexField(a, "report_data");
          if (rd.length > REPORT_DATA_SIZE) {
            throw new IllegalArgumentException("Report data is too long");
          }
          byte[] padded = Arrays.copyOf(rd, REPORT_DATA_SIZE); // right-padded (section 3)
          SignedQuote sq = signedQuote(padded);
          ObjectNode r = JSON.createObjectNode();
          r.put("quote", HEX.formatHex(sq.quote()));
          r.put("event_log", sq.eventLogJson());
          r.put("report_data", HEX.formatHex(padded));
          r.put("vm_config", vmConfigJson);
          return Response.ok(r);
        }
      case "Attest":
        {
          byte[] rd = hexField(a, "report_data");
          if (rd.length > REPORT_DATA_SIZE) {
            throw new IllegalArgumentException("Report data is too long");
          }
          byte[] padded = Arrays.copyOf(rd, REPORT_DATA_SIZE);
          Rendered snap = current();
          byte[] q = signer.sign(snap.snapshot().measurements(), padded);
          ObjectNode config = JSON.createObjectNode();
          config.putArray("kms_urls");
          config.putArray("gateway_urls");
          config.put("pccs_url", "");
          config.put("vm_config", vmConfigJson);
          ObjectNode r = JSON.createObjectNode();
          r.put(
              "attestation",
              HEX.formatHex(
                  ScaleAttestation.encodeV0(
                      q, snap.snapshot().eventLog(), padded, config.toString())));
          return Response.ok(r);
        }
      case "GetKey":
        {
          SimKeyDerivation.DerivedKey k =
              keys.getKey(
                  a.path("path").asText(""),
                  a.path("purpose").asText(""),
                  a.path("algorithm").asText("secp256k1"));
          ObjectNode r = JSON.createObjectNode();
          byte[] key = k.key().reveal(SecretAccess.insecure());
          r.put("key", HEX.formatHex(key));
          Arrays.fill(key, (byte) 0);
          ArrayNode chain = r.putArray("signature_chain");
          chain.add(HEX.formatHex(k.appSignature()));
          chain.add(HEX.formatHex(k.kmsSignature()));
          return Response.ok(r);
        }
      case "Info":
        return Response.ok(info());
      case "Version":
        return Response.ok(version());
      case "GetTlsKey":
        {
          if (a.path("usage_ra_tls").asBoolean(false)) {
            throw new IllegalArgumentException(
                "usage_ra_tls is not implemented by the replicatoor simulator");
          }
          SimTlsIssuer.Issued issued = tls.tlsKey(certRequest(a, ""), clock.instant());
          return Response.ok(keyAndChain(issued));
        }
      case "EmitEvent":
        {
          // dstack v0.5.x (removed at HEAD): extends RTMR3 with an application event.
          String event = a.path("event").asText("");
          instance.emitEvent(event, hexField(a, "payload"));
          return Response.ok(JSON.createObjectNode());
        }
      default:
        return unsupported(method);
    }
  }

  private Response legacy(String method, ObjectNode a) throws GeneralSecurityException {
    switch (method) {
      case "RawQuote":
        {
          byte[] rd = hexField(a, "report_data");
          if (rd.length != REPORT_DATA_SIZE) {
            throw new IllegalArgumentException("invalid content length");
          }
          return Response.ok(tappdQuote(rd, "raw", ""));
        }
      case "TdxQuote":
        {
          byte[] data = hexField(a, "report_data");
          String algo = a.path("hash_algorithm").asText("");
          if (algo.isEmpty()) {
            algo = "sha512"; // DEFAULT_HASH_ALGORITHM (section 2.1 step 1)
          }
          if (algo.equals("raw")) {
            if (data.length != REPORT_DATA_SIZE) {
              throw new IllegalArgumentException("invalid content length");
            }
            return Response.ok(tappdQuote(data, "raw", ""));
          }
          String prefix = a.path("prefix").asText("");
          String tag = prefix.isEmpty() ? "app-data" : prefix;
          byte[] preimage = ByteArrays.concat((tag + ":").getBytes(StandardCharsets.UTF_8), data);
          byte[] h = hash(algo, preimage);
          return Response.ok(tappdQuote(Arrays.copyOf(h, REPORT_DATA_SIZE), algo, tag));
        }
      case "DeriveKey":
        {
          String path = a.path("path").asText("");
          SimTlsIssuer.Issued issued = tls.deriveKey(path, certRequest(a, path), clock.instant());
          return Response.ok(keyAndChain(issued));
        }
      case "Info":
        return Response.ok(info());
      case "Version":
        return Response.ok(version());
      default:
        return unsupported("Tappd." + method);
    }
  }

  /** The certificate a GetTlsKey/DeriveKey request asks for ({@code subject} when absent). */
  private static SimTlsIssuer.CertRequest certRequest(ObjectNode a, String subject) {
    return new SimTlsIssuer.CertRequest(
        a.path("subject").asText(subject),
        altNames(a),
        a.path("usage_server_auth").asBoolean(true),
        a.path("usage_client_auth").asBoolean(false));
  }

  private static List<String> altNames(ObjectNode a) {
    List<String> alt = new ArrayList<>();
    for (JsonNode n : a.path("alt_names")) {
      alt.add(n.asText());
    }
    return alt;
  }

  private static ObjectNode keyAndChain(SimTlsIssuer.Issued issued) {
    ObjectNode r = JSON.createObjectNode();
    r.put("key", issued.keyPem());
    ArrayNode chain = r.putArray("certificate_chain");
    issued.chainPem().forEach(chain::add);
    return r;
  }

  private ObjectNode tappdQuote(byte[] reportData, String algo, String prefix)
      throws GeneralSecurityException {
    SignedQuote sq = signedQuote(reportData);
    ObjectNode r = JSON.createObjectNode();
    r.put("quote", HEX.formatHex(sq.quote()));
    r.put("event_log", sq.eventLogJson());
    r.put("hash_algorithm", algo);
    r.put("prefix", prefix);
    return r;
  }

  private static Response unsupported(String method) {
    if (UNSUPPORTED.contains(method)) {
      return Response.error(400, method + " is not implemented by the replicatoor simulator");
    }
    return Response.error(404, "Method not found: " + method);
  }

  /** Section 2.1 step 4: the nine hash algorithms of {@code Tappd.TdxQuote}. */
  static byte[] hash(String algo, byte[] data) {
    return HashAlgorithm.byWireName(algo)
        .orElseThrow(() -> new IllegalArgumentException("invalid hash algorithm"))
        .digest(data);
  }

  private ObjectNode version() {
    ObjectNode r = JSON.createObjectNode();
    r.put("version", VERSION);
    r.put("rev", "replicatoor-simulator");
    return r;
  }

  /** {@code AppInfo} (section 3.3). */
  ObjectNode info() {
    byte[] deviceId = ImageConfig.sha256(pki.ppid());
    String osImageHash = HEX.formatHex(instance.image().osImageHash());
    String composeHash = HEX.formatHex(instance.composeHash());
    String composeText = new String(instance.compose(), StandardCharsets.UTF_8);
    SimulatedInstance.Snapshot snap = current().snapshot();
    TdMeasurements m = snap.measurements();
    String mrAggregated = HEX.formatHex(SimulatedInstance.mrAggregated(m));

    ObjectNode tcb = JSON.createObjectNode();
    tcb.put("mrtd", HEX.formatHex(m.mrtd()));
    for (int i = 0; i < 4; i++) {
      tcb.put("rtmr" + i, HEX.formatHex(m.rtmr(i)));
    }
    tcb.put("mr_aggregated", mrAggregated);
    tcb.put("os_image_hash", osImageHash);
    tcb.put("compose_hash", composeHash);
    tcb.put("device_id", HEX.formatHex(deviceId));
    tcb.set("event_log", eventLogArray(snap.eventLog()));
    tcb.put("app_compose", composeText);

    ObjectNode r = JSON.createObjectNode();
    r.put("app_id", HEX.formatHex(instance.appId()));
    r.put("instance_id", HEX.formatHex(instance.instanceId()));
    r.put("app_cert", "");
    r.put("tcb_info", tcb.toString());
    r.put("app_name", appName(instance.compose()));
    r.put("device_id", HEX.formatHex(deviceId));
    r.put("mr_aggregated", mrAggregated);
    r.put("os_image_hash", osImageHash);
    r.put("key_provider_info", new String(instance.keyProviderInfo(), StandardCharsets.US_ASCII));
    r.put("compose_hash", composeHash);
    r.put("vm_config", vmConfigJson);
    r.put("cloud_vendor", "replicatoor");
    r.put("cloud_product", "simulator");
    return r;
  }

  private static String appName(byte[] compose) {
    try {
      return REQUEST_JSON.read(compose).path("name").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  private static ArrayNode eventLogArray(List<SimEvent> log) {
    ArrayNode a = JSON.createArrayNode();
    for (SimEvent e : log) {
      ObjectNode n = a.addObject();
      n.put("imr", e.imr());
      n.put("event_type", e.eventType());
      n.put("digest", e.digestHex());
      n.put("event", e.event());
      n.put("event_payload", e.payloadHex());
    }
    return a;
  }

  private ObjectNode vmConfig() {
    ObjectNode v = JSON.createObjectNode();
    v.put("spec_version", 1);
    v.put("os_image_hash", HEX.formatHex(instance.image().osImageHash()));
    v.put("cpu_count", 2);
    v.put("memory_size", 2L << 30);
    v.put("qemu_single_pass_add_pages", false);
    v.put("pic", false);
    v.put("pci_hole64_size", 0);
    v.put("num_gpus", 0);
    v.put("num_nvswitches", 0);
    v.put("hugepages", false);
    v.put("hotplug_off", true);
    v.put("qemu_version", "replicatoor-simulator");
    return v;
  }

  // ---- request decoding ------------------------------------------------------------------------

  private static ObjectNode arguments(String httpMethod, String query, boolean json, byte[] body) {
    ObjectNode args = JSON.createObjectNode();
    if (body.length > 0 && !"GET".equals(httpMethod)) {
      if (!json) {
        throw new IllegalArgumentException(
            "protobuf request bodies are not supported by the simulator; send JSON "
                + "(Content-Type: application/json or ?json)");
      }
      JsonNode n;
      try {
        n = REQUEST_JSON.read(body);
      } catch (IOException e) {
        throw new IllegalArgumentException("invalid JSON request body");
      }
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("request body must be a JSON object");
      }
      args.setAll((ObjectNode) n);
    }
    // GET with query arguments (section 1.4).
    for (String kv : query.split("&")) {
      if (kv.isEmpty() || kv.equals("json")) {
        continue;
      }
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      if (!args.has(k)) {
        args.put(k, v);
      }
    }
    return args;
  }

  private static boolean hasFlag(String query, String flag) {
    for (String kv : query.split("&")) {
      if (kv.equals(flag) || kv.startsWith(flag + "=")) {
        return true;
      }
    }
    return false;
  }

  /** Hex field; one optional {@code 0x} accepted, odd length or non-hex rejected (section 1.6). */
  static byte[] hexField(ObjectNode a, String name) {
    JsonNode n = a.get(name);
    if (n == null || n.isNull()) {
      return new byte[0];
    }
    if (!n.isTextual()) {
      throw new IllegalArgumentException(name + ": expected a hex string");
    }
    String s = n.asText();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    try {
      return HEX.parseHex(s.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": invalid hex");
    }
  }

  private static ObjectMapper wireMapper() {
    JsonFactory f = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    return new ObjectMapper(f);
  }
}
