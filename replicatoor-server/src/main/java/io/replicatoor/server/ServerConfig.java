package io.replicatoor.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;

/**
 * The host API server's own settings (listening address, limits, timeouts, pools). None of them
 * decides security: they are operational and may come from the environment or command-line flags
 * ({@code docs/server.md} lists each with its environment variable and flag).
 *
 * @param host the address to bind ({@code 0.0.0.0} by default, as the original)
 * @param port the TCP port (4001 by default; 0 picks a free port)
 * @param maxBodyBytes largest request body accepted; larger bodies get {@code PAYLOAD_TOO_LARGE}
 * @param idleTimeout how long an idle keep-alive connection stays open
 * @param requestParseTimeout how long a client may take to send a request's headers
 * @param ioThreads XNIO I/O threads (accept, parse)
 * @param workerThreads worker threads running the routes (each route holds the instance lock)
 * @param maxConcurrentRequests requests processed at once; beyond it requests queue
 * @param queueSize requests waiting for a worker (at least 1); beyond it {@code SERVER_BUSY}
 * @param shutdownGrace how long shutdown waits for in-flight requests (hand-overs) to finish
 * @param refreshInterval how often the server re-reads the chain ({@code Replicatoor.refresh})
 * @param apiKeyNames the providers of the measured RPC list whose URL template takes an API key:
 *     {@code /configure} accepts {@code RPC_API_KEY_<NAME>} for exactly these names
 */
public record ServerConfig(
    String host,
    int port,
    int maxBodyBytes,
    Duration idleTimeout,
    Duration requestParseTimeout,
    int ioThreads,
    int workerThreads,
    int maxConcurrentRequests,
    int queueSize,
    Duration shutdownGrace,
    Duration refreshInterval,
    Set<String> apiKeyNames) {

  /** The original project's port. */
  public static final int DEFAULT_PORT = 4001;

  /** The largest protocol message (core's JSON limit). */
  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** Environment variable names, in the order {@code docs/server.md} lists them. */
  public static final String ENV_HOST = "REPLICATOOR_HTTP_HOST";

  public static final String ENV_PORT = "REPLICATOOR_HTTP_PORT";
  public static final String ENV_MAX_BODY = "REPLICATOOR_HTTP_MAX_BODY_BYTES";
  public static final String ENV_IDLE_TIMEOUT = "REPLICATOOR_HTTP_IDLE_TIMEOUT_SECONDS";
  public static final String ENV_PARSE_TIMEOUT = "REPLICATOOR_HTTP_REQUEST_TIMEOUT_SECONDS";
  public static final String ENV_IO_THREADS = "REPLICATOOR_HTTP_IO_THREADS";
  public static final String ENV_WORKER_THREADS = "REPLICATOOR_HTTP_WORKER_THREADS";
  public static final String ENV_MAX_CONCURRENT = "REPLICATOOR_HTTP_MAX_CONCURRENT";
  public static final String ENV_QUEUE = "REPLICATOOR_HTTP_QUEUE";
  public static final String ENV_SHUTDOWN_GRACE = "REPLICATOOR_SHUTDOWN_GRACE_SECONDS";
  public static final String ENV_REFRESH = "REPLICATOOR_REFRESH_SECONDS";
  public static final String ENV_API_KEY_NAMES = "REPLICATOOR_RPC_API_KEY_NAMES";

  /** Checks ranges. */
  public ServerConfig {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    requireRange("port", ENV_PORT, port, 0, 65535);
    requireRange("maxBodyBytes", ENV_MAX_BODY, maxBodyBytes, 1024, 64 * 1024 * 1024);
    requireRange("ioThreads", ENV_IO_THREADS, ioThreads, 1, 64);
    requireRange("workerThreads", ENV_WORKER_THREADS, workerThreads, 1, 256);
    requireRange("maxConcurrentRequests", ENV_MAX_CONCURRENT, maxConcurrentRequests, 1, 256);
    requireRange("queueSize", ENV_QUEUE, queueSize, 1, 10_000);
    requirePositive("idleTimeout", ENV_IDLE_TIMEOUT, idleTimeout);
    requirePositive("requestParseTimeout", ENV_PARSE_TIMEOUT, requestParseTimeout);
    requirePositive("refreshInterval", ENV_REFRESH, refreshInterval);
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (shutdownGrace.isNegative()) {
      throw new InvalidSettingException(
          "shutdownGrace", ENV_SHUTDOWN_GRACE, "must not be negative");
    }
    for (String n : apiKeyNames) {
      if (!n.matches("[A-Z][A-Z0-9_]{0,31}")) {
        throw new IllegalArgumentException("API key name must match [A-Z][A-Z0-9_]{0,31}: " + n);
      }
    }
    apiKeyNames = Set.copyOf(new TreeSet<>(apiKeyNames));
  }

  /** The defaults: port 4001 on all addresses, 4 MiB bodies, small pools. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        "0.0.0.0",
        DEFAULT_PORT,
        DEFAULT_MAX_BODY_BYTES,
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        2,
        8,
        8,
        64,
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Set.of());
  }

  /**
   * The defaults overridden by the variables of {@code env} that are set (flags override these in
   * turn, in the CLI).
   *
   * @throws IllegalArgumentException naming the variable when a value is not a valid number
   */
  public static ServerConfig fromEnv(Map<String, String> env) {
    return defaults()
        .with(b -> {
          for (EnvVariable v : ENV_VARIABLES) {
            String value = env.get(v.name());
            if (value != null) {
              v.apply().accept(b, value);
            }
          }
        });
  }

  /** This configuration on another address and port. */
  public ServerConfig withListener(String newHost, int newPort) {
    return with(b -> {
      b.host = newHost;
      b.port = newPort;
    });
  }

  /** This configuration with another body limit. */
  public ServerConfig withMaxBodyBytes(int bytes) {
    return with(b -> b.maxBodyBytes = bytes);
  }

  /** This configuration with other concurrency bounds. */
  public ServerConfig withPools(int workers, int maxConcurrent, int queue) {
    return with(b -> {
      b.workerThreads = workers;
      b.maxConcurrentRequests = maxConcurrent;
      b.queueSize = queue;
    });
  }

  /** This configuration with other timing settings. */
  public ServerConfig withTimes(Duration idle, Duration parse, Duration grace, Duration refresh) {
    return with(b -> {
      b.idleTimeout = idle;
      b.requestParseTimeout = parse;
      b.shutdownGrace = grace;
      b.refreshInterval = refresh;
    });
  }

  /** This configuration accepting {@code RPC_API_KEY_<NAME>} for {@code names}. */
  public ServerConfig withApiKeyNames(Set<String> names) {
    return with(b -> b.apiKeyNames = names);
  }

  private ServerConfig with(Consumer<Builder> change) {
    Builder b = new Builder();
    change.accept(b);
    return b.build();
  }

  /** Parses a comma-separated list of names (empty or null: none). */
  public static Set<String> names(String csv) {
    Set<String> out = new TreeSet<>();
    if (csv != null) {
      for (String s : csv.split(",")) {
        if (!s.isBlank()) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  /** A variable of {@link #fromEnv}: its name and how its value, when set, changes the builder. */
  private record EnvVariable(String name, BiConsumer<Builder, String> apply) {}

  /** The variables in the order of the components: the first bad value is the one reported. */
  private static final List<EnvVariable> ENV_VARIABLES =
      List.of(
          new EnvVariable(ENV_HOST, (b, v) -> b.host = v),
          whole(ENV_PORT, (b, n) -> b.port = n),
          whole(ENV_MAX_BODY, (b, n) -> b.maxBodyBytes = n),
          seconds(ENV_IDLE_TIMEOUT, (b, d) -> b.idleTimeout = d),
          seconds(ENV_PARSE_TIMEOUT, (b, d) -> b.requestParseTimeout = d),
          whole(ENV_IO_THREADS, (b, n) -> b.ioThreads = n),
          whole(ENV_WORKER_THREADS, (b, n) -> b.workerThreads = n),
          whole(ENV_MAX_CONCURRENT, (b, n) -> b.maxConcurrentRequests = n),
          whole(ENV_QUEUE, (b, n) -> b.queueSize = n),
          seconds(ENV_SHUTDOWN_GRACE, (b, d) -> b.shutdownGrace = d),
          seconds(ENV_REFRESH, (b, d) -> b.refreshInterval = d),
          new EnvVariable(ENV_API_KEY_NAMES, (b, v) -> b.apiKeyNames = names(v)));

  /** A whole-number variable; blank means unset. */
  private static EnvVariable whole(String name, ObjIntConsumer<Builder> set) {
    return new EnvVariable(
        name,
        (b, v) -> {
          if (!v.isBlank()) {
            set.accept(b, parseWhole(name, v));
          }
        });
  }

  /** A variable of whole seconds; blank means unset. */
  private static EnvVariable seconds(String name, BiConsumer<Builder, Duration> set) {
    return whole(name, (b, n) -> set.accept(b, Duration.ofSeconds(n)));
  }

  private static int parseWhole(String variable, String v) {
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(null, variable, "must be a whole number");
    }
  }

  private static void requireRange(String component, String variable, int v, int min, int max) {
    if (v < min || v > max) {
      throw new InvalidSettingException(
          component, variable, "must be " + min + ".." + max + ", was " + v);
    }
  }

  private static void requirePositive(String component, String variable, Duration d) {
    Objects.requireNonNull(d, component);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidSettingException(component, variable, "must be positive");
    }
  }

  /**
   * A setting with a value out of its range or not a number. It names the setting by its
   * environment variable (the name {@code docs/server.md} and the CLI's help use), so a shell can
   * name its own flag instead; the message names the record component and the variable.
   */
  public static final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String variable;
    private final String problem;

    InvalidSettingException(String component, String variable, String problem) {
      super((component == null ? variable : component + " (" + variable + ")") + " " + problem);
      this.variable = variable;
      this.problem = problem;
    }

    /** The setting's environment variable, for example {@code REPLICATOOR_HTTP_PORT}. */
    public String variable() {
      return variable;
    }

    /** What is wrong, without the setting's name, for example {@code must be 0..65535, was 7}. */
    public String problem() {
      return problem;
    }
  }

  /**
   * A mutable copy of this configuration, for {@link #fromEnv} and the {@code with} methods; {@link
   * #build} checks the result.
   */
  private final class Builder {
    String host = host();
    int port = port();
    int maxBodyBytes = maxBodyBytes();
    Duration idleTimeout = idleTimeout();
    Duration requestParseTimeout = requestParseTimeout();
    int ioThreads = ioThreads();
    int workerThreads = workerThreads();
    int maxConcurrentRequests = maxConcurrentRequests();
    int queueSize = queueSize();
    Duration shutdownGrace = shutdownGrace();
    Duration refreshInterval = refreshInterval();
    Set<String> apiKeyNames = apiKeyNames();

    ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          maxBodyBytes,
          idleTimeout,
          requestParseTimeout,
          ioThreads,
          workerThreads,
          maxConcurrentRequests,
          queueSize,
          shutdownGrace,
          refreshInterval,
          apiKeyNames);
    }
  }
}
