package io.replicatoor.chain;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Builds endpoint URLs from an image-pinned template and a host-supplied API key
 * (upgrade-governance.md 5.10 step 2). The host may supply the key only; it can never change the
 * scheme, host, port or path, because the key must match {@link #API_KEY} before it is inserted.
 */
public final class RpcEndpoints {
  /** The placeholder in a template, e.g. {@code https://mainnet.example.io/v3/{apiKey}}. */
  public static final String PLACEHOLDER = "{apiKey}";

  /** The only characters an API key may contain. */
  public static final Pattern API_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  private RpcEndpoints() {}

  /**
   * Inserts {@code apiKey} into {@code template}.
   *
   * @throws IllegalArgumentException if the key does not match {@link #API_KEY} (the message never
   *     echoes it), or the template is not an https/http URL with exactly one placeholder
   */
  public static URI withApiKey(String template, String apiKey) {
    int at = template.indexOf(PLACEHOLDER);
    if (at < 0 || template.indexOf(PLACEHOLDER, at + 1) >= 0) {
      throw new IllegalArgumentException("template must contain " + PLACEHOLDER + " exactly once");
    }
    URI pinned = URI.create(template.replace(PLACEHOLDER, "KEY"));
    if (!"https".equals(pinned.getScheme()) && !"http".equals(pinned.getScheme())
        || pinned.getHost() == null
        || pinned.getRawUserInfo() != null) {
      throw new IllegalArgumentException("template must be an http(s) URL without user info");
    }
    if (apiKey == null || !API_KEY.matcher(apiKey).matches()) {
      throw new IllegalArgumentException(
          "API key rejected: must match " + API_KEY.pattern() + " (value not shown)");
    }
    URI u = URI.create(template.replace(PLACEHOLDER, apiKey));
    if (!u.getScheme().equals(pinned.getScheme())
        || !u.getHost().equals(pinned.getHost())
        || u.getPort() != pinned.getPort()) {
      throw new IllegalArgumentException("API key changed the endpoint's origin");
    }
    return u;
  }
}
