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
import java.net.BindException;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

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
    },
    modelTransformer = ServeCommand.Options.class)
public final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandSpec spec;

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

  /**
   * Every setting of serve, in one table: its flag, parameter label and type, the environment
   * variable it falls back to (the flag wins; none for the development-only ones) and its help
   * line, in which {@code $ENV} stands for that variable. {@link Options} adds them to the command.
   */
  enum Setting {
    HOST(
        "--host",
        "ADDR",
        String.class,
        ServerConfig.ENV_HOST,
        "Address to bind (default 0.0.0.0; $ENV)."),
    PORT("--port", "N", Integer.class, ServerConfig.ENV_PORT, "TCP port (default 4001; $ENV)."),
    MAX_BODY(
        "--max-body-bytes",
        "N",
        Integer.class,
        ServerConfig.ENV_MAX_BODY,
        "Largest request body ($ENV)."),
    WORKERS(
        "--worker-threads",
        "N",
        Integer.class,
        ServerConfig.ENV_WORKER_THREADS,
        "Worker threads ($ENV)."),
    MAX_CONCURRENT(
        "--max-concurrent",
        "N",
        Integer.class,
        ServerConfig.ENV_MAX_CONCURRENT,
        "Requests processed at once ($ENV)."),
    QUEUE(
        "--queue",
        "N",
        Integer.class,
        ServerConfig.ENV_QUEUE,
        "Requests waiting beyond that ($ENV)."),
    GRACE(
        "--shutdown-grace",
        "SECONDS",
        Integer.class,
        ServerConfig.ENV_SHUTDOWN_GRACE,
        "How long shutdown waits for in-flight requests ($ENV)."),
    REFRESH(
        "--refresh",
        "SECONDS",
        Integer.class,
        ServerConfig.ENV_REFRESH,
        "Chain re-read interval ($ENV)."),
    AGENT_SOCKET(
        "--agent-socket",
        "PATH",
        Path.class,
        ENV_AGENT,
        "dstack guest agent socket (default /var/run/dstack.sock; $ENV)."),
    GUEST_SOCKET(
        "--guest-socket",
        "PATH|off",
        String.class,
        ENV_GUEST_SOCKET,
        "Guest API socket for apps in this VM (/getkey, GetKey; other agent routes pass through"
            + " to the agent), default /var/run/replicatoor/replicatoor.sock; off disables it"
            + " ($ENV)."),
    GUEST_TCP(
        "--guest-tcp",
        "HOST:PORT|off",
        String.class,
        ENV_GUEST_TCP,
        "Also serve the guest API on this TCP address, for app containers that cannot mount the"
            + " socket; never publish it to the host (default off; $ENV)."),
    RPC_TIMEOUT(
        "--rpc-timeout",
        "SECONDS",
        Long.class,
        ENV_RPC_TIMEOUT,
        "Deadline of one RPC request, body included (default 10; $ENV)."),
    AGENT_TIMEOUT(
        "--agent-timeout",
        "SECONDS",
        Long.class,
        ENV_AGENT_TIMEOUT,
        "Deadline of one guest agent request (default 15; $ENV)."),
    CHAIN_ID("--chain-id", "N", Long.class, ENV_CHAIN_ID, "Measured: chain id ($ENV)."),
    RPC(
        "--rpc",
        "URL",
        List.class,
        ENV_RPC_URLS,
        "Measured: the RPC endpoints, distinct operators ($ENV, comma-separated); a path may"
            + " hold {apiKey:NAME}, filled from the host's RPC_API_KEY_NAME (POST /configure)."),
    QUORUM(
        "--quorum",
        "K",
        Integer.class,
        ENV_QUORUM,
        "Measured: how many endpoints must agree ($ENV)."),
    CONTRACT(
        "--contract",
        "ADDRESS",
        String.class,
        ENV_CONTRACT,
        "Measured: the UpgradeOperator address ($ENV)."),
    CODE_HASH(
        "--code-hash",
        "HEX",
        String.class,
        ENV_CODE_HASH,
        "Measured: keccak256 of the contract's runtime code ($ENV)."),
    DATA_DIR(
        "--data-dir",
        "DIR",
        Path.class,
        ENV_DATA_DIR,
        "Data folder (default /var/lib/replicatoor; $ENV)."),
    SEALING(
        "--sealing",
        "off|kms",
        String.class,
        ENV_SEALING,
        "Measured: seal the state with the KMS key (default off; $ENV)."),
    MAX_JOIN_AGE(
        "--max-join-age",
        "SECONDS",
        Long.class,
        ENV_MAX_JOIN_AGE,
        "Measured: how old a join's anchor may be (default 600; $ENV)."),
    MAX_HEADER_AGE(
        "--max-header-age",
        "SECONDS",
        Long.class,
        ENV_MAX_HEADER_AGE,
        "Measured: oldest acceptable chain header (default 600; $ENV)."),
    PCS(
        "--pcs",
        "URL",
        URI.class,
        ENV_PCS,
        "PCS or PCCS base URL for collateral (default Intel PCS; $ENV)."),
    BIND_OS(
        "--bind-os-image-hash",
        "true|false",
        Boolean.class,
        ENV_BIND_OS,
        "Measured: whether measurement ids bind the os-image-hash event (default true; $ENV;"
            + " the simulator's event log has none)."),
    DEV_TRUST_ROOT(
        "--insecure-dev-trust-root",
        "PEM",
        Path.class,
        null,
        "DEVELOPMENT ONLY: verify quotes under this root (the simulator's STATE/pki/root.pem)."),
    DEV_COLLATERAL(
        "--insecure-dev-collateral",
        "DIR",
        Path.class,
        null,
        "DEVELOPMENT ONLY: collateral from this folder (the simulator's) instead of a PCS.");

    final String flag;
    final String label;
    final Class<?> type;
    final String env;
    final String help;

    Setting(String flag, String label, Class<?> type, String env, String help) {
      this.flag = flag;
      this.label = label;
      this.type = type;
      this.env = env;
      this.help = help;
    }

    /** How messages name the setting: {@code --flag/VARIABLE}, or the flag alone. */
    String display() {
      return env == null ? flag : flag + "/" + env;
    }

    /** The option: a list splits at commas, a boolean takes its value (true or false). */
    private OptionSpec option() {
      OptionSpec.Builder b =
          OptionSpec.builder(flag)
              .paramLabel(label)
              .type(type)
              .description(env == null ? help : help.replace("$ENV", env));
      if (type == List.class) {
        b.auxiliaryTypes(String.class).splitRegex(",");
      } else if (type == Boolean.class) {
        b.arity("1");
      }
      return b.build();
    }
  }

  /** Adds every {@link Setting}'s option to serve's command model. */
  static final class Options implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      for (Setting s : Setting.values()) {
        command.addOption(s.option());
      }
      return command;
    }
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = CliEnvironment.get();
    ServerConfig sc = serverConfig(env);
    EmbeddedReplicatoor.Builder b = EmbeddedReplicatoor.builder();
    Path agent = path(Setting.AGENT_SOCKET, env, "/var/run/dstack.sock");
    long agentSeconds =
        number(Setting.AGENT_TIMEOUT, env, GuestAgentClient.DEFAULT_TIMEOUT.toSeconds());
    if (agentSeconds < 1) {
      throw new UsageException(Setting.AGENT_TIMEOUT.display() + " must be at least 1");
    }
    GuestAgentClient agentClient =
        GuestAgentClient.forUnixSocket(agent).withTimeout(Duration.ofSeconds(agentSeconds));
    b.agent(agentClient);
    String guest = text(Setting.GUEST_SOCKET, env, GuestApi.DEFAULT_SOCKET.toString());
    if (guest.isBlank()) {
      throw new UsageException(Setting.GUEST_SOCKET.display() + " must be a path or off");
    }
    Optional<InetSocketAddress> guestTcpAddress = tcpAddress(text(Setting.GUEST_TCP, env, "off"));
    long id = number(Setting.CHAIN_ID, env, -1);
    List<String> rpc = flag(Setting.RPC);
    List<URI> urls = uris(rpc != null ? rpc : csv(env.get(ENV_RPC_URLS)));
    int k = (int) number(Setting.QUORUM, env, -1);
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
    long rpcSeconds = number(Setting.RPC_TIMEOUT, env, 10);
    if (rpcSeconds < 1) {
      throw new UsageException(Setting.RPC_TIMEOUT.display() + " must be at least 1");
    }
    b.rpcTimeout(Duration.ofSeconds(rpcSeconds));
    // The host's settings (POST /configure) reach the adapters on their next use: API keys go
    // into the measured templates, PCCS_URL replaces the collateral source's base.
    Set<String> keyNames = new TreeSet<>(sc.apiKeyNames());
    urls.forEach(u -> RpcEndpoints.keyName(u).ifPresent(keyNames::add));
    HostSettings settings = new HostSettings(keyNames);
    b.rpcApiKeys(settings::apiKey).pccsOverride(settings::pccsUrl);
    String addr = text(Setting.CONTRACT, env, null);
    String code = text(Setting.CODE_HASH, env, null);
    if (addr == null || code == null) {
      throw new UsageException(
          "serve needs --contract/" + ENV_CONTRACT + " and --code-hash/" + ENV_CODE_HASH);
    }
    try {
      b.contract(addr, code);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--contract or --code-hash is not valid hex: " + e.getMessage(), e);
    }
    b.dataDir(path(Setting.DATA_DIR, env, "/var/lib/replicatoor"));
    String seal = text(Setting.SEALING, env, "off");
    switch (seal.toLowerCase(Locale.ROOT)) {
      case "off" -> b.sealing(SealingMode.OFF);
      case "kms" -> b.sealing(SealingMode.KMS);
      default -> throw new UsageException("--sealing must be off or kms");
    }
    b.maxJoinAge(Duration.ofSeconds(number(Setting.MAX_JOIN_AGE, env, 600)));
    b.maxHeaderAge(Duration.ofSeconds(number(Setting.MAX_HEADER_AGE, env, 600)));
    URI pcs = flag(Setting.PCS);
    String pcsVar = env.get(ENV_PCS);
    if (pcs != null || pcsVar != null) {
      b.pcs(pcs != null ? pcs : URI.create(pcsVar));
    }
    String bind = text(Setting.BIND_OS, env, "true");
    if (!bind.equals("true") && !bind.equals("false")) {
      throw new UsageException(ENV_BIND_OS + " must be true or false");
    }
    b.bindOsImageHash(Boolean.parseBoolean(bind));
    Path devTrustRoot = flag(Setting.DEV_TRUST_ROOT);
    if (devTrustRoot != null) {
      b.insecureDevTrustRoot(VerifyQuoteCommand.readRoot(devTrustRoot));
    }
    Path devCollateral = flag(Setting.DEV_COLLATERAL);
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
    ReplicatoorServer server;
    try {
      server = ReplicatoorServer.start(r.core(), settings, sc, log);
    } catch (RuntimeException e) {
      // Undertow wraps the bind failure.
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof BindException taken) {
          throw cannotListen(Setting.PORT, sc.host() + ":" + sc.port(), taken);
        }
      }
      throw e;
    }
    // The guest listeners started so far; stop closes them (the socket file is removed) and the
    // host server.
    List<LocalHttpServer> guests = new ArrayList<>();
    Runnable stop =
        () -> {
          guests.forEach(ServeCommand::closeQuietly);
          server.stop();
        };
    try {
      if (!guest.equals("off")) {
        guests.add(startGuest(r, agentClient, Path.of(guest)));
      }
      if (guestTcpAddress.isPresent()) {
        LocalHttpServer tcp;
        try {
          tcp = new GuestApi(r.core(), Optional.of(agentClient)).serve(guestTcpAddress.get());
        } catch (BindException e) {
          InetSocketAddress a = guestTcpAddress.get();
          throw cannotListen(Setting.GUEST_TCP, a.getHostString() + ":" + a.getPort(), e);
        }
        guests.add(tcp);
        log.info(
            "guest-tcp-started", Map.of("address", tcp.localAddress().toString().replace("/", "")));
      }
    } catch (IOException | RuntimeException e) {
      stop.run();
      throw e;
    }
    // SIGTERM / Ctrl-C run the hook: in-flight requests finish, new ones are refused.
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.run();
              stopped.countDown();
            },
            "replicatoor-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Embedded use (tests): an interrupt stops the server the same way.
      Runtime.getRuntime().removeShutdownHook(hook);
      stop.run();
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
      throw new UsageException(Setting.GUEST_TCP.display() + " must be HOST:PORT or off");
    }
    return Optional.of(new InetSocketAddress(host, port));
  }

  /** A usage error (exit 2) naming {@code s}: {@code address} is taken or not this host's. */
  private static UsageException cannotListen(Setting s, String address, BindException e) {
    return new UsageException(
        s.display() + ": cannot listen on " + address + " (" + e.getMessage() + ")", e);
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
          or(Setting.HOST, d.host()),
          or(Setting.PORT, d.port()),
          or(Setting.MAX_BODY, d.maxBodyBytes()),
          d.idleTimeout(),
          d.requestParseTimeout(),
          d.ioThreads(),
          or(Setting.WORKERS, d.workerThreads()),
          or(Setting.MAX_CONCURRENT, d.maxConcurrentRequests()),
          or(Setting.QUEUE, d.queueSize()),
          seconds(Setting.GRACE, d.shutdownGrace()),
          seconds(Setting.REFRESH, d.refreshInterval()),
          d.apiKeyNames());
    } catch (ServerConfig.InvalidSettingException e) {
      throw new UsageException(settingName(e.variable()) + " " + e.problem(), e);
    } catch (IllegalArgumentException e) {
      throw new UsageException("serve: " + e.getMessage(), e);
    }
  }

  /** How messages name the setting of {@code variable}: the variable alone if it has no flag. */
  static String settingName(String variable) {
    for (Setting s : Setting.values()) {
      if (variable.equals(s.env)) {
        return s.display();
      }
    }
    return variable;
  }

  /** The value given with {@code s}'s flag, or null. */
  @SuppressWarnings("unchecked")
  private <T> T flag(Setting s) {
    return (T) spec.findOption(s.flag).getValue();
  }

  /** {@code s}'s flag, else {@code dflt}. */
  private <T> T or(Setting s, T dflt) {
    T v = flag(s);
    return v != null ? v : dflt;
  }

  /** {@code s}'s flag in seconds, else {@code dflt}. */
  private Duration seconds(Setting s, Duration dflt) {
    Integer v = flag(s);
    return v != null ? Duration.ofSeconds(v) : dflt;
  }

  /** {@code s}'s flag as text, else its environment variable, else {@code dflt}. */
  private String text(Setting s, Map<String, String> env, String dflt) {
    Object v = flag(s);
    return v != null ? v.toString() : env.getOrDefault(s.env, dflt);
  }

  /** {@code s}'s flag, else its environment variable as a whole number, else {@code dflt}. */
  private long number(Setting s, Map<String, String> env, long dflt) {
    Number v = flag(s);
    return v != null ? v.longValue() : longVar(env, s, dflt);
  }

  /** {@code s}'s flag, else its environment variable as a path, else {@code dflt}. */
  private Path path(Setting s, Map<String, String> env, String dflt) {
    Path v = flag(s);
    return v != null ? v : Path.of(env.getOrDefault(s.env, dflt));
  }

  private static long longVar(Map<String, String> env, Setting s, long dflt) {
    String v = env.get(s.env);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new UsageException(s.display() + " must be a whole number");
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
        throw new UsageException(Setting.RPC.display() + ": " + e.getMessage());
      }
    }
    return out;
  }
}
