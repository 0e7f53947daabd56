package io.replicatoor.cli;

import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.attest.localhttp.LocalHttpServer;
import io.replicatoor.chain.RpcEndpoints;
import io.replicatoor.core.handover.SealingMode;
import io.replicatoor.embed.EmbeddedReplicatoor;
import io.replicatoor.server.GuestApi;
import io.replicatoor.server.HostSettings;
import io.replicatoor.server.JsonLog;
import io.replicatoor.server.ReplicatoorServer;
import io.replicatoor.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code replicatoor serve}: the host API ({@code docs/server.md}) over the default adapters (the
 * embed builder), until SIGTERM or Ctrl-C, which finish in-flight requests and refuse new ones.
 * Every setting is a flag or an environment variable (the flag wins); the measured ones belong in
 * the compose file.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the host API (GET /status, POST /configure, /requestKey, /onboard, /receiveKey,"
          + " /genesis, GET /healthz, /metrics) until SIGTERM.",
      "Settings: flags or environment variables (docs/server.md); logs are JSON lines on stdout."
    })
public final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final String ENV_AGENT = "REPLICATOOR_AGENT_SOCKET";
  static final String ENV_GUEST_SOCKET = "REPLICATOOR_GUEST_SOCKET";
  static final String ENV_CHAIN_ID = "REPLICATOOR_CHAIN_ID";
  static final String ENV_RPC_URLS = "REPLICATOOR_RPC_URLS";
  static final String ENV_QUORUM = "REPLICATOOR_RPC_QUORUM";
  static final String ENV_CONTRACT = "REPLICATOOR_CONTRACT";
  static final String ENV_CODE_HASH = "REPLICATOOR_CODE_HASH";
  static final String ENV_DATA_DIR = "REPLICATOOR_DATA_DIR";
  static final String ENV_SEALING = "REPLICATOOR_SEALING";
  static final String ENV_MAX_JOIN_AGE = "REPLICATOOR_MAX_JOIN_AGE_SECONDS";
  static final String ENV_MAX_HEADER_AGE = "REPLICATOOR_MAX_HEADER_AGE_SECONDS";
  static final String ENV_PCS = "REPLICATOOR_PCS_URL";
  static final String ENV_BIND_OS = "REPLICATOOR_BIND_OS_IMAGE_HASH";
  static final String ENV_GUEST_TCP = "REPLICATOOR_GUEST_TCP";
  static final String ENV_RPC_TIMEOUT = "REPLICATOOR_RPC_TIMEOUT_SECONDS";
  static final String ENV_AGENT_TIMEOUT = "REPLICATOOR_AGENT_TIMEOUT_SECONDS";

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      description = "Address to bind (default 0.0.0.0; " + ServerConfig.ENV_HOST + ").")
  String host;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "TCP port (default 4001; " + ServerConfig.ENV_PORT + ").")
  Integer port;

  @Option(
      names = "--max-body-bytes",
      paramLabel = "N",
      description = "Largest request body (" + ServerConfig.ENV_MAX_BODY + ").")
  Integer maxBody;

  @Option(
      names = "--worker-threads",
      paramLabel = "N",
      description = "Worker threads (" + ServerConfig.ENV_WORKER_THREADS + ").")
  Integer workers;

  @Option(
      names = "--max-concurrent",
      paramLabel = "N",
      description = "Requests processed at once (" + ServerConfig.ENV_MAX_CONCURRENT + ").")
  Integer maxConcurrent;

  @Option(
      names = "--queue",
      paramLabel = "N",
      description = "Requests waiting beyond that (" + ServerConfig.ENV_QUEUE + ").")
  Integer queue;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "SECONDS",
      description =
          "How long shutdown"
              + " waits for in-flight requests ("
              + ServerConfig.ENV_SHUTDOWN_GRACE
              + ").")
  Integer grace;

  @Option(
      names = "--refresh",
      paramLabel = "SECONDS",
      description = "Chain re-read interval (" + ServerConfig.ENV_REFRESH + ").")
  Integer refresh;

  @Option(
      names = "--agent-socket",
      paramLabel = "PATH",
      description =
          "dstack guest agent socket" + " (default /var/run/dstack.sock; " + ENV_AGENT + ").")
  Path agentSocket;

  @Option(
      names = "--guest-socket",
      paramLabel = "PATH|off",
      description =
          "Guest API socket for apps in this VM (/getkey, GetKey; other agent routes pass through"
              + " to the agent), default "
              + "/var/run/replicatoor/replicatoor.sock; off disables it ("
              + ENV_GUEST_SOCKET
              + ").")
  String guestSocket;

  @Option(
      names = "--guest-tcp",
      paramLabel = "HOST:PORT|off",
      description =
          "Also serve the guest API on this TCP address, for app containers that cannot mount the"
              + " socket; never publish it to the host (default off; "
              + ENV_GUEST_TCP
              + ").")
  String guestTcp;

  @Option(
      names = "--rpc-timeout",
      paramLabel = "SECONDS",
      description =
          "Deadline of one RPC request, body included (default 10; " + ENV_RPC_TIMEOUT + ").")
  Long rpcTimeout;

  @Option(
      names = "--agent-timeout",
      paramLabel = "SECONDS",
      description = "Deadline of one guest agent request (default 15; " + ENV_AGENT_TIMEOUT + ").")
  Long agentTimeout;

  @Option(
      names = "--chain-id",
      paramLabel = "N",
      description = "Measured: chain id (" + ENV_CHAIN_ID + ").")
  Long chainId;

  @Option(
      names = "--rpc",
      paramLabel = "URL",
      split = ",",
      description =
          "Measured: the RPC"
              + " endpoints, distinct operators ("
              + ENV_RPC_URLS
              + ", comma-separated); a path may hold {apiKey:NAME}, filled from the host's"
              + " RPC_API_KEY_NAME (POST /configure).")
  List<String> rpc;

  @Option(
      names = "--quorum",
      paramLabel = "K",
      description = "Measured: how many endpoints must" + " agree (" + ENV_QUORUM + ").")
  Integer quorum;

  @Option(
      names = "--contract",
      paramLabel = "ADDRESS",
      description = "Measured: the" + " UpgradeOperator address (" + ENV_CONTRACT + ").")
  String contract;

  @Option(
      names = "--code-hash",
      paramLabel = "HEX",
      description =
          "Measured: keccak256 of the" + " contract's runtime code (" + ENV_CODE_HASH + ").")
  String codeHash;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data folder (default" + " /var/lib/replicatoor; " + ENV_DATA_DIR + ").")
  Path dataDir;

  @Option(
      names = "--sealing",
      paramLabel = "off|kms",
      description =
          "Measured: seal the state" + " with the KMS key (default off; " + ENV_SEALING + ").")
  String sealing;

  @Option(
      names = "--max-join-age",
      paramLabel = "SECONDS",
      description =
          "Measured: how old a" + " join's anchor may be (default 600; " + ENV_MAX_JOIN_AGE + ").")
  Long maxJoinAge;

  @Option(
      names = "--max-header-age",
      paramLabel = "SECONDS",
      description =
          "Measured: oldest"
              + " acceptable chain header (default 600; "
              + ENV_MAX_HEADER_AGE
              + ").")
  Long maxHeaderAge;

  @Option(
      names = "--pcs",
      paramLabel = "URL",
      description =
          "PCS or PCCS base URL for collateral" + " (default Intel PCS; " + ENV_PCS + ").")
  URI pcs;

  @Option(
      names = "--bind-os-image-hash",
      paramLabel = "true|false",
      arity = "1",
      description =
          "Measured: whether measurement ids bind the os-image-hash event (default"
              + " true; "
              + ENV_BIND_OS
              + "; the simulator's event log has none).")
  Boolean bindOs;

  @Option(
      names = "--insecure-dev-trust-root",
      paramLabel = "PEM",
      description =
          "DEVELOPMENT"
              + " ONLY: verify quotes under this root (the simulator's STATE/pki/root.pem).")
  Path devTrustRoot;

  @Option(
      names = "--insecure-dev-collateral",
      paramLabel = "DIR",
      description =
          "DEVELOPMENT" + " ONLY: collateral from this folder (the simulator's) instead of a PCS.")
  Path devCollateral;

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = CliEnvironment.get();
    ServerConfig sc = serverConfig(env);
    EmbeddedReplicatoor.Builder b = EmbeddedReplicatoor.builder();
    Path agent = path(agentSocket, env, ENV_AGENT, "/var/run/dstack.sock");
    long agentSeconds =
        agentTimeout != null
            ? agentTimeout
            : longVar(
                env,
                ENV_AGENT_TIMEOUT,
                "--agent-timeout",
                GuestAgentClient.DEFAULT_TIMEOUT.toSeconds());
    if (agentSeconds < 1) {
      throw new UsageException("--agent-timeout/" + ENV_AGENT_TIMEOUT + " must be at least 1");
    }
    GuestAgentClient agentClient =
        GuestAgentClient.forUnixSocket(agent).withTimeout(Duration.ofSeconds(agentSeconds));
    b.agent(agentClient);
    String guest =
        guestSocket != null
            ? guestSocket
            : env.getOrDefault(ENV_GUEST_SOCKET, GuestApi.DEFAULT_SOCKET.toString());
    if (guest.isBlank()) {
      throw new UsageException("--guest-socket/" + ENV_GUEST_SOCKET + " must be a path or off");
    }
    String tcp = guestTcp != null ? guestTcp : env.getOrDefault(ENV_GUEST_TCP, "off");
    Optional<InetSocketAddress> guestTcpAddress = tcpAddress(tcp);
    long id = chainId != null ? chainId : longVar(env, ENV_CHAIN_ID, "--chain-id", -1);
    List<URI> urls = uris(rpc != null ? rpc : csv(env.get(ENV_RPC_URLS)));
    int k = quorum != null ? quorum : (int) longVar(env, ENV_QUORUM, "--quorum", -1);
    if (id <= 0 || urls.isEmpty() || k <= 0) {
      throw new UsageException(
          "serve needs the measured chain settings: --chain-id/"
              + ENV_CHAIN_ID
              + ", --rpc/"
              + ENV_RPC_URLS
              + " and --quorum/"
              + ENV_QUORUM);
    }
    b.chain(id, urls, k);
    long rpcSeconds =
        rpcTimeout != null ? rpcTimeout : longVar(env, ENV_RPC_TIMEOUT, "--rpc-timeout", 10);
    if (rpcSeconds < 1) {
      throw new UsageException("--rpc-timeout/" + ENV_RPC_TIMEOUT + " must be at least 1");
    }
    b.rpcTimeout(Duration.ofSeconds(rpcSeconds));
    // The host's settings (POST /configure) reach the adapters on their next use: API keys go
    // into the measured templates, PCCS_URL replaces the collateral source's base.
    Set<String> keyNames = new TreeSet<>(sc.apiKeyNames());
    urls.forEach(u -> RpcEndpoints.keyName(u).ifPresent(keyNames::add));
    HostSettings settings = new HostSettings(keyNames);
    b.rpcApiKeys(settings::apiKey).pccsOverride(settings::pccsUrl);
    String addr = contract != null ? contract : env.get(ENV_CONTRACT);
    String code = codeHash != null ? codeHash : env.get(ENV_CODE_HASH);
    if (addr == null || code == null) {
      throw new UsageException(
          "serve needs --contract/" + ENV_CONTRACT + " and --code-hash/" + ENV_CODE_HASH);
    }
    try {
      b.contract(addr, code);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--contract or --code-hash is not valid hex: " + e.getMessage(), e);
    }
    b.dataDir(path(dataDir, env, ENV_DATA_DIR, "/var/lib/replicatoor"));
    String seal = sealing != null ? sealing : env.getOrDefault(ENV_SEALING, "off");
    switch (seal.toLowerCase(Locale.ROOT)) {
      case "off" -> b.sealing(SealingMode.OFF);
      case "kms" -> b.sealing(SealingMode.KMS);
      default -> throw new UsageException("--sealing must be off or kms");
    }
    long joinAge =
        maxJoinAge != null ? maxJoinAge : longVar(env, ENV_MAX_JOIN_AGE, "--max-join-age", 600);
    b.maxJoinAge(Duration.ofSeconds(joinAge));
    long headerAge =
        maxHeaderAge != null
            ? maxHeaderAge
            : longVar(env, ENV_MAX_HEADER_AGE, "--max-header-age", 600);
    b.maxHeaderAge(Duration.ofSeconds(headerAge));
    URI pcsUrl =
        pcs != null ? pcs : (env.get(ENV_PCS) == null ? null : URI.create(env.get(ENV_PCS)));
    if (pcsUrl != null) {
      b.pcs(pcsUrl);
    }
    String bind = bindOs != null ? bindOs.toString() : env.getOrDefault(ENV_BIND_OS, "true");
    if (!bind.equals("true") && !bind.equals("false")) {
      throw new UsageException(ENV_BIND_OS + " must be true or false");
    }
    b.bindOsImageHash(Boolean.parseBoolean(bind));
    if (devTrustRoot != null) {
      b.insecureDevTrustRoot(VerifyQuoteCommand.readRoot(devTrustRoot));
    }
    if (devCollateral != null) {
      b.collateral(CollateralSource.directory(devCollateral));
    }
    EmbeddedReplicatoor r;
    try {
      r = b.start();
    } catch (IllegalArgumentException e) {
      throw new UsageException("serve: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    JsonLog log = new JsonLog(out, Clock.systemUTC());
    ReplicatoorServer server = ReplicatoorServer.start(r.core(), settings, sc, log);
    LocalHttpServer guestServer;
    LocalHttpServer guestTcpServer = null;
    try {
      guestServer = guest.equals("off") ? null : startGuest(r, agentClient, Path.of(guest));
      if (guestTcpAddress.isPresent()) {
        guestTcpServer =
            new GuestApi(r.core(), Optional.of(agentClient)).serve(guestTcpAddress.get());
        log.info(
            "guest-tcp-started",
            Map.of("address", guestTcpServer.localAddress().toString().replace("/", "")));
      }
    } catch (IOException | RuntimeException e) {
      server.stop();
      throw e;
    }
    LocalHttpServer guestTcpFinal = guestTcpServer;
    // SIGTERM / Ctrl-C run the hook: in-flight requests finish, new ones are refused.
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              closeQuietly(guestServer);
              closeQuietly(guestTcpFinal);
              server.stop();
              stopped.countDown();
            },
            "replicatoor-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Embedded use (tests): an interrupt stops the server the same way.
      Runtime.getRuntime().removeShutdownHook(hook);
      closeQuietly(guestServer);
      closeQuietly(guestTcpFinal);
      server.stop();
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** The guest API on {@code socket} (its folder is created), passing other routes to the agent. */
  private static LocalHttpServer startGuest(
      EmbeddedReplicatoor r, GuestAgentClient agent, Path socket) throws IOException {
    Path parent = socket.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new GuestApi(r.core(), Optional.of(agent)).serve(socket);
  }

  /** {@code off} or {@code HOST:PORT} ({@code [v6]:PORT} for IPv6); port 0 picks a free one. */
  static Optional<InetSocketAddress> tcpAddress(String value) {
    String v = value.strip();
    if (v.equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    int colon = v.lastIndexOf(':');
    String host = colon > 0 ? v.substring(0, colon) : "";
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      port = -1;
    }
    if (host.isEmpty() || port < 0 || port > 65535) {
      throw new UsageException("--guest-tcp/" + ENV_GUEST_TCP + " must be HOST:PORT or off");
    }
    return Optional.of(new InetSocketAddress(host, port));
  }

  private static void closeQuietly(LocalHttpServer s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // the socket file may already be gone; nothing else to release
      }
    }
  }

  private ServerConfig serverConfig(Map<String, String> env) {
    ServerConfig d;
    try {
      d = ServerConfig.fromEnv(env);
      return new ServerConfig(
          host != null ? host : d.host(),
          port != null ? port : d.port(),
          maxBody != null ? maxBody : d.maxBodyBytes(),
          d.idleTimeout(),
          d.requestParseTimeout(),
          d.ioThreads(),
          workers != null ? workers : d.workerThreads(),
          maxConcurrent != null ? maxConcurrent : d.maxConcurrentRequests(),
          queue != null ? queue : d.queueSize(),
          grace != null ? Duration.ofSeconds(grace) : d.shutdownGrace(),
          refresh != null ? Duration.ofSeconds(refresh) : d.refreshInterval(),
          d.apiKeyNames());
    } catch (IllegalArgumentException e) {
      throw new UsageException("serve: " + e.getMessage(), e);
    }
  }

  private static Path path(Path flag, Map<String, String> env, String var, String dflt) {
    if (flag != null) {
      return flag;
    }
    return Path.of(env.getOrDefault(var, dflt));
  }

  private static long longVar(Map<String, String> env, String var, String flag, long dflt) {
    String v = env.get(var);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new UsageException(var + " (" + flag + ") must be a whole number");
    }
  }

  private static List<String> csv(String csv) {
    List<String> out = new ArrayList<>();
    if (csv != null) {
      for (String s : csv.split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  /** The measured RPC list: URLs, or templates with {@code {apiKey:NAME}} in the path. */
  private static List<URI> uris(List<String> entries) {
    List<URI> out = new ArrayList<>();
    for (String s : entries) {
      try {
        out.add(RpcEndpoints.template(s.strip()));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--rpc/" + ENV_RPC_URLS + ": " + e.getMessage());
      }
    }
    return out;
  }
}
