package io.replicatoor.server;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The only settings the host may supply ({@code POST /configure}, threat-model.md P10): opaque RPC
 * API keys, inserted by the chain adapter into the measured URL templates, and the PCCS URL
 * (collateral is verified against Intel's root whatever serves it). The allow-list is closed:
 * anything that decides security (chain id, contract, code hash, RPC list, quorum, maximum ages,
 * policy, sealing) comes only from the measured configuration, and a body naming such a key, or any
 * unknown key, is refused as a whole. Values are never echoed, logged or shown in {@code /status};
 * {@link #toString()} names the keys only.
 */
public final class HostSettings {
  /** The prefix of an API key setting; the provider name follows. */
  public static final String API_KEY_PREFIX = "RPC_API_KEY_";

  /** The PCCS URL setting. */
  public static final String PCCS_URL = "PCCS_URL";

  /** Same rule as the chain adapter's templates ({@code RpcEndpoints.API_KEY}). */
  public static final Pattern API_KEY_VALUE = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  /** Largest PCCS URL accepted. */
  public static final int MAX_URL_CHARS = 512;

  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  /**
   * Names of measured settings (the compose environment) and of the original project's settings
   * that are measured now; {@code /configure} refuses them with a message saying so. Every name
   * starting with {@code REPLICATOOR_} is measured too.
   */
  private static final Set<String> MEASURED =
      Set.of(
          "ETH_RPC_URL",
          "RPC_URL",
          "RPC_URLS",
          "CHAIN_ID",
          "CONTRACT",
          "CONTRACT_ADDRESS",
          "CODE_HASH",
          "QUORUM",
          "MAX_AGE",
          "MAX_JOIN_AGE",
          "POLICY",
          "SEALING",
          "TRUST_ANCHOR",
          "HELIOS_PARAM",
          "SIMULATOR");

  private final Set<String> allowed;
  private final Map<String, String> values = new ConcurrentHashMap<>();
  private final List<Consumer<HostSettings>> listeners = new CopyOnWriteArrayList<>();

  /**
   * Settings accepting {@code RPC_API_KEY_<NAME>} for each of {@code apiKeyNames}, and the PCCS.
   */
  public HostSettings(Set<String> apiKeyNames) {
    Set<String> a = new TreeSet<>();
    for (String n : apiKeyNames) {
      a.add(API_KEY_PREFIX + n);
    }
    a.add(PCCS_URL);
    this.allowed = Set.copyOf(a);
  }

  /** The keys the host may set, sorted. */
  public Set<String> allowedKeys() {
    return new TreeSet<>(allowed);
  }

  /** The API key for provider {@code name}, when the host set one. */
  public Optional<String> apiKey(String name) {
    return Optional.ofNullable(values.get(API_KEY_PREFIX + name));
  }

  /** The PCCS URL, when the host set one. */
  public Optional<URI> pccsUrl() {
    return Optional.ofNullable(values.get(PCCS_URL)).map(URI::create);
  }

  /** The keys that are set, sorted (values are never shown). */
  public Set<String> configuredKeys() {
    return new TreeSet<>(values.keySet());
  }

  /**
   * Called after every accepted {@link #apply}. The adapters need no hook: {@code serve} hands
   * {@link #apiKey} and {@link #pccsUrl} to the chain reader and the collateral fetcher, which read
   * them before every request.
   */
  public void onChange(Consumer<HostSettings> listener) {
    listeners.add(listener);
  }

  /**
   * {@code POST /configure}: parses an env-file body ({@code KEY=VALUE} lines, {@code #} comments,
   * optional {@code export} and quotes) and sets every key in it, or none when any line is refused.
   *
   * @return the keys set by this call, sorted
   * @throws ReplicatoorException {@code BAD_REQUEST} naming the first refused line or key (never a
   *     value)
   */
  public Set<String> apply(String envFile) throws ReplicatoorException {
    Map<String, String> parsed = parse(envFile);
    if (parsed.isEmpty()) {
      throw bad("no settings in the body; the host may set " + String.join(", ", allowedKeys()));
    }
    for (Map.Entry<String, String> e : parsed.entrySet()) {
      check(e.getKey(), e.getValue());
    }
    synchronized (this) {
      values.putAll(parsed);
    }
    for (Consumer<HostSettings> l : listeners) {
      l.accept(this);
    }
    return new TreeSet<>(parsed.keySet());
  }

  private void check(String key, String value) throws ReplicatoorException {
    if (!allowed.contains(key)) {
      if (MEASURED.contains(key) || key.startsWith("REPLICATOOR_")) {
        throw bad(
            key
                + " is a measured setting (compose file); the host cannot change it. The host may"
                + " set "
                + String.join(", ", allowedKeys()));
      }
      throw bad("unknown key " + key + "; the host may set " + String.join(", ", allowedKeys()));
    }
    if (key.equals(PCCS_URL)) {
      checkUrl(value);
    } else if (!API_KEY_VALUE.matcher(value).matches()) {
      throw bad(key + " must match " + API_KEY_VALUE.pattern() + " (value not shown)");
    }
  }

  private static void checkUrl(String value) throws ReplicatoorException {
    String why = null;
    if (value.length() > MAX_URL_CHARS) {
      why = "longer than " + MAX_URL_CHARS + " characters";
    } else {
      try {
        URI u = new URI(value);
        if (!"https".equals(u.getScheme())) {
          why = "not https";
        } else if (u.getRawUserInfo() != null || u.getHost() == null) {
          why = "needs a host and no user info";
        } else if (u.getRawQuery() != null || u.getRawFragment() != null) {
          why = "must not have a query or fragment";
        }
      } catch (URISyntaxException e) {
        why = "not a URL";
      }
    }
    if (why != null) {
      throw bad(PCCS_URL + " refused: " + why + " (value not shown)");
    }
  }

  /** Env-file syntax; the returned map keeps the body's order. */
  static Map<String, String> parse(String body) throws ReplicatoorException {
    Map<String, String> out = new LinkedHashMap<>();
    String[] lines = body.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      if (t.startsWith("export ")) {
        t = t.substring("export ".length()).stripLeading();
      }
      int eq = t.indexOf('=');
      if (eq <= 0) {
        throw bad("line " + (i + 1) + ": expected KEY=VALUE");
      }
      String key = t.substring(0, eq).strip();
      if (!KEY.matcher(key).matches()) {
        throw bad("line " + (i + 1) + ": not a valid key name");
      }
      String value = unquote(t.substring(eq + 1).strip(), i + 1);
      if (out.putIfAbsent(key, value) != null) {
        throw bad("line " + (i + 1) + ": " + key + " appears twice");
      }
    }
    return out;
  }

  private static String unquote(String v, int line) throws ReplicatoorException {
    if (v.length() >= 2
        && (v.charAt(0) == '"' || v.charAt(0) == '\'')
        && v.charAt(v.length() - 1) == v.charAt(0)) {
      return v.substring(1, v.length() - 1);
    }
    if (!v.isEmpty() && (v.charAt(0) == '"' || v.charAt(0) == '\'')) {
      throw bad("line " + line + ": unterminated quote");
    }
    return v;
  }

  private static ReplicatoorException bad(String message) {
    return new ReplicatoorException(ErrorCode.BAD_REQUEST, "/configure: " + message);
  }

  /** Key names only. */
  @Override
  public String toString() {
    List<String> keys = new ArrayList<>(configuredKeys());
    return "HostSettings" + keys;
  }
}
