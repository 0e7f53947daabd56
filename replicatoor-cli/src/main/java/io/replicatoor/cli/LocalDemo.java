package io.replicatoor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.attest.handover.DcapPeerVerifier;
import io.replicatoor.attest.localhttp.LocalHttpServer;
import io.replicatoor.attest.policy.QuotePolicy;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.chain.ChainReaderConfig;
import io.replicatoor.chain.HighWaterMarks;
import io.replicatoor.chain.VerifiedApprovalReader;
import io.replicatoor.chain.handover.ChainApprovalReader;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.json.BoundedJson;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import io.replicatoor.embed.GenesisEvidenceCheck;
import io.replicatoor.server.GuestApi;
import io.replicatoor.server.HostSettings;
import io.replicatoor.server.JsonLog;
import io.replicatoor.server.ReplicatoorServer;
import io.replicatoor.server.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The local demo behind {@code replicatoor demo}, on one machine: a real anvil with {@code
 * UpgradeOperator} (48 h timelock), simulator agents for several simulated TDX VMs (own instance
 * ids, DEVELOPMENT trust root), and one replicatoor per VM (embed builder, default adapters) behind
 * its real host API (HTTP on loopback) and guest socket. {@link #run} walks the product's life
 * cycle with one progress line per step: genesis on A, the owner's evidence check and registration,
 * an upgrade proposal for B, the hand-over refused before the timelock, chain time moved past it,
 * the hand-over A to B over HTTP, and the same derived key from both guest sockets. {@link #close}
 * stops everything and deletes every file it wrote; it is idempotent and safe to call from a
 * shutdown hook while {@link #run} is still going.
 */
public final class LocalDemo implements AutoCloseable {
  /** Address every server binds (never reachable from other machines). */
  static final String LOOPBACK = "127.0.0.1";

  /** The app version A runs (genesis) and the upgrade B and the waiting instances run. */
  static final String V1 = "v1";

  static final String V2 = "v2";

  /** The derivation the key step asks both guest sockets for. */
  static final String KEY_PATH = "wallet/0";

  static final String KEY_PURPOSE = "signing";

  /** RPC providers whose API key {@code /configure} accepts (the demo chain needs none). */
  static final Set<String> API_KEY_NAMES = Set.of("ALCHEMY", "INFURA");

  /** Largest answer the demo reads from its own instances. */
  private static final BoundedJson ANSWERS = BoundedJson.withMaxBytes(16 * 1024 * 1024);

  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);

  /** How long {@link #close} from another thread waits for an interrupted {@link #run} to stop. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /**
   * What to run.
   *
   * @param instances how many VMs (at least 2: A holds the state, B receives it, the rest wait)
   * @param basePort A's host port; B gets the next one and so on; 0: free ports
   * @param anvil the anvil binary
   * @param workDir where sockets, logs and data go (deleted by {@link #close}); null: a new
   *     temporary folder
   * @param random each instance's randomness by name ({@code a}, {@code b}, ...)
   */
  public record Options(
      int instances,
      int basePort,
      Path anvil,
      Path workDir,
      Function<String, SecureRandom> random) {}

  /** One step's outcome: its name, its progress line and how long it took. */
  public record Step(String name, String line, long millis) {}

  /** One instance as the user sees it. */
  public record Instance(String name, String hostUrl, Path guestSocket, boolean holdsState) {}

  /**
   * What the run showed.
   *
   * @param fingerprint the registered state fingerprint, {@code 0x} hex
   * @param keysMatch whether B's derived key equals A's
   * @param address the Ethereum address of that key (public)
   * @param refusedCode the code the hand-over before the timelock got
   * @param activeAt when B's measurement became active
   */
  public record Result(
      String fingerprint,
      boolean keysMatch,
      String address,
      String refusedCode,
      Instant activeAt,
      List<Step> steps,
      Map<String, Long> millis) {}

  /** The demo's own self-check failed (a bug or a broken setup): exit 70. */
  public static final class SelfCheckFailed extends Exception {
    private static final long serialVersionUID = 1L;

    SelfCheckFailed(String message) {
      super(message);
    }
  }

  /** One VM: its replicatoor, host API, guest socket and log. */
  private record Node(
      String name,
      EmbeddedReplicatoor replicatoor,
      ReplicatoorServer server,
      LocalHttpServer guest,
      Path guestSocket,
      PrintStream log) {
    String url(String path) {
      return "http://" + LOOPBACK + ":" + server.port() + path;
    }

    String label() {
      return name.toUpperCase(Locale.ROOT);
    }
  }

  /** An HTTP exchange the demo made with one of its instances (kept for the secret scan). */
  public record Exchange(String request, int status, String body) {}

  private final Options options;
  private final Consumer<Step> progress;
  private final Path dir;
  private final boolean ownDir;
  private final List<Node> nodes = Collections.synchronizedList(new ArrayList<>());
  private final List<Step> steps = new ArrayList<>();
  private final Map<String, Long> millis = new LinkedHashMap<>();
  private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
  private final HttpClient http;
  private volatile DevNetwork dev;
  private boolean closed;
  private volatile Thread runner;
  private final CountDownLatch runDone = new CountDownLatch(1);

  private LocalDemo(Options options, Consumer<Step> progress, Path dir, boolean ownDir) {
    this.options = options;
    this.progress = progress;
    this.dir = dir;
    this.ownDir = ownDir;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HTTP_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Prepares a demo: checks the ports are free and creates the work folder. Nothing runs until
   * {@link #run}.
   *
   * @throws UsageException when a port is taken or the anvil binary is missing
   */
  public static LocalDemo prepare(Options options, Consumer<Step> progress) throws IOException {
    if (options.instances() < 2) {
      throw new UsageException("--instances must be at least 2 (A holds the state, B receives it)");
    }
    if (options.anvil() == null || !Files.isExecutable(options.anvil())) {
      throw new UsageException(DemoCommand.anvilMissing(options.anvil()));
    }
    if (options.basePort() != 0) {
      for (int i = 0; i < options.instances(); i++) {
        requireFree(options.basePort() + i);
      }
    }
    Path dir = options.workDir();
    boolean own = dir == null;
    if (own) {
      dir = Files.createTempDirectory("replicatoor-demo-");
    }
    return new LocalDemo(options, progress, dir, own);
  }

  private static void requireFree(int port) {
    if (port < 1 || port > 65_535) {
      throw new UsageException("--port must leave room for every instance below 65536");
    }
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
      s.setReuseAddress(true);
    } catch (IOException e) {
      throw new UsageException(DemoCommand.portInUse(port));
    }
  }

  /** The folder holding sockets, logs and data (deleted by {@link #close}). */
  public Path workDir() {
    return dir;
  }

  /** The chain's JSON-RPC URL (after {@link #run} started it). */
  public URI rpc() {
    return dev.rpc();
  }

  /** The contract address, {@code 0x} hex. */
  public String contract() {
    return dev.deployment().contract().toString();
  }

  /** Every instance with its current status. */
  public List<Instance> instances() {
    List<Instance> out = new ArrayList<>();
    synchronized (nodes) {
      for (Node n : nodes) {
        out.add(
            new Instance(
                n.label(),
                n.url(""),
                n.guestSocket(),
                n.replicatoor().status().fingerprint().isPresent()));
      }
    }
    return out;
  }

  /** The HTTP exchanges the demo made with its instances' host APIs. */
  public List<Exchange> exchanges() {
    synchronized (exchanges) {
      return List.copyOf(exchanges);
    }
  }

  /**
   * Runs every step. Leaves everything running (the caller closes it, or keeps it for {@code
   * --keep}).
   *
   * @throws SelfCheckFailed when something the demo shows did not hold
   * @throws ReplicatoorException when a step was refused
   */
  public Result run() throws Exception {
    runner = Thread.currentThread();
    try {
      return steps();
    } finally {
      runDone.countDown();
    }
  }

  private Result steps() throws Exception {
    long t0 = System.nanoTime();
    // 1. The chain and the contract.
    long t = System.nanoTime();
    DevNetwork started = DevNetwork.start(dir, options.anvil());
    synchronized (this) {
      if (closed) {
        started.close();
        throw new IllegalStateException("the demo is stopping");
      }
      dev = started;
    }
    step(
        "deploy",
        "anvil at "
            + dev.rpc()
            + " (chain 31337); UpgradeOperator "
            + contract()
            + " deployed by the owner, timelock "
            + DevNetwork.DELAY / 3600
            + " h",
        t);

    // 2. A runs v1; its measurement is proposed and the chain moves past the timelock once, as
    // it would have in the 48 hours before the first deployment.
    t = System.nanoTime();
    Node a = node("a", dev.instance(V1, "a", true));
    step(
        "approve",
        "A ("
            + V1
            + ") at "
            + a.url("")
            + ": measurement 0x"
            + a.replicatoor().status().measurementId()
            + " proposed and active (the first version's 48 h already passed)",
        t);

    // 3. Genesis on A over HTTP.
    t = System.nanoTime();
    HttpResponse<byte[]> gen = post(a, "/genesis", null, new byte[0]);
    requireOk(gen, "POST /genesis on A");
    GenesisEvidence evidence = GenesisEvidence.parse(gen.body());
    String fingerprint = "0x" + evidence.fingerprint().toHex();
    step("genesis", "POST /genesis on A: a new state, fingerprint " + fingerprint, t);

    // 4. The owner checks the evidence, then registers the fingerprint; A starts serving.
    t = System.nanoTime();
    GenesisEvidenceCheck.Accepted ok = checkEvidence(evidence);
    dev.registerState(evidence);
    a.replicatoor().refresh();
    require(
        a.replicatoor().status().fingerprint().isPresent(),
        "A does not serve after its fingerprint was registered");
    step(
        "register",
        "genesis evidence checked (quote under the dev root binds the fingerprint; "
            + V1
            + " active at block "
            + ok.block()
            + "); fingerprint registered on chain; A serves",
        t);

    // 5. The upgrade: B (and the waiting instances) run v2, whose measurement is proposed.
    t = System.nanoTime();
    Node b = node("b", dev.instance(V2, "b", false));
    for (int i = 2; i < options.instances(); i++) {
      node(
          String.valueOf((char) ('a' + i)),
          dev.instance(V2, String.valueOf((char) ('a' + i)), false));
    }
    a.replicatoor().refresh();
    JsonNode statusA = json(get(a, "/status"));
    JsonNode pending = statusA.path("pendingUpgrades").path("upgrades");
    require(
        pending.size() == 1, "A's /status lists " + pending.size() + " pending upgrades, not 1");
    Instant activeAt = Instant.ofEpochSecond(pending.get(0).path("activeAt").asLong());
    step(
        "propose",
        "B ("
            + V2
            + ") at "
            + b.url("")
            + ": measurement 0x"
            + b.replicatoor().status().measurementId()
            + " proposed; A's /status lists it as pending until "
            + activeAt
            + (options.instances() > 2
                ? "; " + (options.instances() - 2) + " more " + V2 + " instance(s) wait"
                : ""),
        t);

    // 6. Before the timelock the hand-over is refused, with the activation time.
    t = System.nanoTime();
    HttpResponse<byte[]> early = post(b, "/requestKey", null, new byte[0]);
    requireOk(early, "POST /requestKey on B");
    HttpResponse<byte[]> refused = post(a, "/onboard", "application/json", early.body());
    JsonNode err = json(refused);
    String refusedCode = err.path("error").asText("");
    require(
        refused.statusCode() == ErrorCode.TIMELOCK_NOT_ELAPSED.httpStatus()
            && refusedCode.equals(ErrorCode.TIMELOCK_NOT_ELAPSED.name()),
        "the hand-over before the timelock was not refused with TIMELOCK_NOT_ELAPSED (HTTP "
            + refused.statusCode()
            + " "
            + refusedCode
            + ")");
    step(
        "timelock",
        "hand-over A to B now: POST /onboard on A refused, "
            + refusedCode
            + ": "
            + err.path("message").asText(),
        t);

    // 7. Chain time moves past the timelock.
    t = System.nanoTime();
    long move =
        Math.max(0, activeAt.getEpochSecond() - dev.clock().instant().getEpochSecond()) + 60;
    dev.advance(move);
    for (Node n : nodeList()) {
      n.replicatoor().refresh();
    }
    step(
        "time",
        "chain time moved "
            + move / 3600
            + " h "
            + move % 3600 / 60
            + " min (evm_increaseTime, evm_mine) to "
            + dev.clock().instant()
            + ": "
            + V2
            + " is active",
        t);

    // 8. The hand-over over HTTP: request on B, onboard on A, receive on B.
    t = System.nanoTime();
    long s = System.nanoTime();
    HttpResponse<byte[]> join = post(b, "/requestKey", null, new byte[0]);
    requireOk(join, "POST /requestKey on B");
    long requestMillis = millisSince(s);
    s = System.nanoTime();
    HttpResponse<byte[]> bundle = post(a, "/onboard", "application/json", join.body());
    requireOk(bundle, "POST /onboard on A");
    long onboardMillis = millisSince(s);
    s = System.nanoTime();
    HttpResponse<byte[]> received =
        post(
            b,
            "/receiveKey",
            bundle.headers().firstValue("Content-Type").orElse("application/json"),
            bundle.body());
    requireOk(received, "POST /receiveKey on B");
    long receiveMillis = millisSince(s);
    JsonNode statusB = json(received);
    require(
        statusB.path("phase").asText().equals("SERVING")
            && fingerprint.equals("0x" + statusB.path("fingerprint").asText()),
        "B does not serve the registered state after /receiveKey");
    millis.put("requestKey", requestMillis);
    millis.put("onboard", onboardMillis);
    millis.put("receiveKey", receiveMillis);
    step(
        "handover",
        "requestKey on B "
            + requestMillis
            + " ms, onboard on A "
            + onboardMillis
            + " ms, receiveKey on B "
            + receiveMillis
            + " ms: B serves fingerprint "
            + fingerprint,
        t);

    // 9. The same key from both guest sockets.
    t = System.nanoTime();
    JsonNode keyA = getKey(a);
    JsonNode keyB = getKey(b);
    boolean keysMatch =
        MessageDigest.isEqual(
            Hex.decode(keyA.path("key").asText()), Hex.decode(keyB.path("key").asText()));
    String address = keyA.path("address").asText();
    require(keysMatch, "B's derived key differs from A's");
    step(
        "keys",
        "POST /getkey {path: "
            + KEY_PATH
            + ", purpose: "
            + KEY_PURPOSE
            + "} on A's and B's guest sockets: the same secp256k1 key, address "
            + address,
        t);
    millis.put("total", millisSince(t0));
    return new Result(
        fingerprint,
        keysMatch,
        address,
        refusedCode,
        activeAt,
        List.copyOf(steps),
        Collections.unmodifiableMap(new LinkedHashMap<>(millis)));
  }

  // ---- the steps' parts ---------------------------------------------------------------------

  /** Starts one VM's replicatoor, its host API and its guest socket. */
  private Node node(String name, EmbeddedReplicatoor.Builder builder) throws Exception {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the demo is stopping");
      }
    }
    EmbeddedReplicatoor r = builder.random(options.random().apply(name)).start();
    int index = nodeList().size();
    int port = options.basePort() == 0 ? 0 : options.basePort() + index;
    ServerConfig config =
        ServerConfig.defaults()
            .withListener(LOOPBACK, port)
            .withApiKeyNames(API_KEY_NAMES)
            .withTimes(
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    Files.createDirectories(dir.resolve("logs"));
    PrintStream log =
        new PrintStream(
            Files.newOutputStream(dir.resolve("logs").resolve(name + ".log")),
            true,
            StandardCharsets.UTF_8);
    ReplicatoorServer server;
    try {
      server =
          ReplicatoorServer.start(
              r.core(),
              new HostSettings(config.apiKeyNames()),
              config,
              new JsonLog(log, dev.clock()));
    } catch (RuntimeException e) {
      log.close();
      if (port != 0) {
        throw new UsageException(DemoCommand.portInUse(port), e);
      }
      throw e;
    }
    Path guestSocket = dir.resolve(name + "-guest.sock");
    LocalHttpServer guest;
    try {
      guest =
          new GuestApi(r.core(), Optional.of(GuestAgentClient.forUnixSocket(dev.agentSocket(name))))
              .serve(guestSocket);
    } catch (IOException | RuntimeException e) {
      server.stop();
      log.close();
      throw e;
    }
    Node n = new Node(name, r, server, guest, guestSocket, log);
    synchronized (this) {
      nodes.add(n);
      if (closed) {
        stop(n);
        throw new IllegalStateException("the demo is stopping");
      }
    }
    return n;
  }

  /** The owner's check of the genesis evidence, as {@code upgrade register-state} does it. */
  private GenesisEvidenceCheck.Accepted checkEvidence(GenesisEvidence evidence)
      throws ReplicatoorException {
    VerifiedApprovalReader reader =
        VerifiedApprovalReader.create(
            ChainReaderConfig.of(
                DevNetwork.CHAIN_ID,
                List.of(dev.rpc()),
                1,
                dev.deployment().contract(),
                dev.deployment().codeHash(),
                Duration.ofHours(1)),
            dev.clock(),
            HighWaterMarks.inDirectory(dir.resolve("owner").resolve("high-water-marks")));
    DcapPeerVerifier verifier =
        DcapPeerVerifier.insecureDevelopment(
            QuoteVerifier.insecureWithCustomTrustRoot(dev.devTrustRoot()),
            QuotePolicy.builder().insecureAllowCustomTrustRoot().build(),
            CollateralSource.directory(dev.collateral()),
            false);
    return GenesisEvidenceCheck.verify(
        evidence,
        DevNetwork.CHAIN_ID,
        EthereumAddress.of(dev.deployment().contract().toByteArray()),
        verifier,
        new ChainApprovalReader(reader),
        dev.clock().instant());
  }

  /** {@code POST /getkey} on a node's guest socket. */
  private JsonNode getKey(Node n) throws Exception {
    byte[] req =
        ("{\"path\":\"" + KEY_PATH + "\",\"purpose\":\"" + KEY_PURPOSE + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    GuestAgentClient.Forwarded r =
        GuestAgentClient.forUnixSocket(n.guestSocket()).forward("POST", "/getkey", req);
    if (r.status() != 200) {
      throw new SelfCheckFailed(
          "POST /getkey on " + n.label() + "'s guest socket answered HTTP " + r.status());
    }
    return ANSWERS.read(r.body());
  }

  private HttpResponse<byte[]> get(Node n, String path) throws Exception {
    return send(n, HttpRequest.newBuilder(URI.create(n.url(path))).GET(), "GET " + path);
  }

  private HttpResponse<byte[]> post(Node n, String path, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(n.url(path)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(n, b, "POST " + path);
  }

  private HttpResponse<byte[]> send(Node n, HttpRequest.Builder b, String what) throws Exception {
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new ReplicatoorException(
          ErrorCode.INSTANCE_UNREACHABLE, what + " on " + n.label() + ": connection refused");
    }
    exchanges.add(
        new Exchange(
            what + " on " + n.label(),
            r.statusCode(),
            new String(r.body(), StandardCharsets.UTF_8)));
    return r;
  }

  private static void requireOk(HttpResponse<byte[]> r, String what) throws Exception {
    if (r.statusCode() / 100 != 2) {
      JsonNode e = json(r);
      String code = e.path("error").asText("");
      ErrorCode known;
      try {
        known = ErrorCode.valueOf(code);
      } catch (IllegalArgumentException ex) {
        throw new SelfCheckFailed(what + " answered HTTP " + r.statusCode());
      }
      throw new ReplicatoorException(known, what + " refused: " + e.path("message").asText());
    }
  }

  private static void require(boolean condition, String failure) throws SelfCheckFailed {
    if (!condition) {
      throw new SelfCheckFailed(failure);
    }
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
    return ANSWERS.read(r.body());
  }

  private void step(String name, String line, long startNanos) {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the demo is stopping");
      }
    }
    long ms = millisSince(startNanos);
    Step s = new Step(name, line, ms);
    steps.add(s);
    millis.put(name, ms);
    progress.accept(s);
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private List<Node> nodeList() {
    synchronized (nodes) {
      return List.copyOf(nodes);
    }
  }

  // ---- clean-up -----------------------------------------------------------------------------

  /**
   * Stops every server, guest socket, simulator agent and anvil, then deletes the work folder (when
   * the demo created it). Idempotent; safe from a shutdown hook.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // Called from a shutdown hook while run() is going: stop it first, so it starts nothing and
    // writes no file after the clean-up below.
    Thread r = runner;
    if (r != null && r != Thread.currentThread() && runDone.getCount() > 0) {
      r.interrupt();
      try {
        runDone.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Node n : nodeList().reversed()) {
      stop(n);
    }
    if (dev != null) {
      try {
        dev.close();
      } catch (Exception e) {
        // anvil or an agent was already gone; nothing else holds resources
      }
    }
    http.close();
    if (ownDir) {
      CliFiles.deleteTree(dir);
    }
  }

  private static void stop(Node n) {
    try {
      n.guest().close();
    } catch (IOException e) {
      // the socket file may already be gone
    }
    n.server().stop();
    n.log().close();
  }
}
