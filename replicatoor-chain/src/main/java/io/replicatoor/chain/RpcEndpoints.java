package io.replicatoor.chain;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds endpoint URLs from an image-pinned template and a host-supplied API key
 * (upgrade-governance.md 5.10 step 2). The host may supply the key only; it can never change the
 * scheme, host, port or path, because the key must match {@link #API_KEY} before it is inserted.
 *
 * <p>Named templates: the measured RPC list may hold {@code
 * https://eth-mainnet.g.alchemy.com/v2/{apiKey:ALCHEMY}}; {@link #template(String)} turns it into a
 * URI whose path keeps the placeholder (percent-encoded braces), and {@link #resolve(URI,
 * RpcApiKeys)} inserts the host's {@code RPC_API_KEY_ALCHEMY} before each request.
 */
public final class RpcEndpoints {
  /** The placeholder in a template, e.g. {@code https://mainnet.example.io/v3/{apiKey}}. */
  public static final String PLACEHOLDER = "{apiKey}";

  /** The only characters an API key may contain. */
  public static final Pattern API_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  /** A named placeholder in a template as written: {@code {apiKey:NAME}}. */
  public static final Pattern NAMED_PLACEHOLDER =
      Pattern.compile("\\{apiKey:([A-Za-z0-9_]{1,32})}");

  /** The same placeholder inside a template URI's raw path (braces percent-encoded). */
  private static final Pattern ENCODED_PLACEHOLDER =
      Pattern.compile("%7[Bb]apiKey:([A-Za-z0-9_]{1,32})%7[Dd]");

  private RpcEndpoints() {}

  /**
   * A measured endpoint as written in the configuration: a URL, or a URL template whose path holds
   * one {@code {apiKey:NAME}}. The placeholder may only be in the path (never the scheme, host,
   * port, query or fragment).
   *
   * @throws IllegalArgumentException when it is not an http(s) URL with a host and no user info, or
   *     the placeholder is repeated or outside the path (the message never holds a key: there is
   *     none in a template)
   */
  public static URI template(String text) {
    Matcher m = NAMED_PLACEHOLDER.matcher(text);
    int count = 0;
    String encoded = text;
    while (m.find()) {
      count++;
      encoded = text.replace(m.group(), "%7BapiKey:" + m.group(1) + "%7D");
    }
    if (count > 1) {
      throw new IllegalArgumentException("an RPC URL template holds one {apiKey:NAME} at most");
    }
    URI u;
    try {
      u = URI.create(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("RPC URL is not a URL: " + text);
    }
    if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())
        || u.getHost() == null
        || u.getRawUserInfo() != null) {
      throw new IllegalArgumentException("RPC URL must be http(s) with a host and no user info");
    }
    if (count == 1
        && (u.getRawPath() == null || !ENCODED_PLACEHOLDER.matcher(u.getRawPath()).find())) {
      throw new IllegalArgumentException("{apiKey:NAME} may only stand in the URL's path");
    }
    return u;
  }

  /** The provider name of a template's placeholder, when it has one. */
  public static Optional<String> keyName(URI template) {
    String path = template.getRawPath();
    if (path == null) {
      return Optional.empty();
    }
    Matcher m = ENCODED_PLACEHOLDER.matcher(path);
    return m.find() ? Optional.of(m.group(1).toUpperCase(Locale.ROOT)) : Optional.empty();
  }

  /**
   * The URL to call: {@code template} itself when it has no placeholder, else with the host's key
   * for its provider inserted.
   *
   * @throws ReplicatoorException {@code RPC_UNAVAILABLE} when the key is not set or is not a valid
   *     key (the message names the provider and the endpoint's host, never a key)
   */
  public static URI resolve(URI template, RpcApiKeys keys) throws ReplicatoorException {
    Optional<String> name = keyName(template);
    if (name.isEmpty()) {
      return template;
    }
    String where = template.getScheme() + "://" + template.getHost();
    String key =
        keys.apiKey(name.get())
            .orElseThrow(() ->
                new ReplicatoorException(
                    ErrorCode.RPC_UNAVAILABLE,
                    where
                        + " needs the API key "
                        + name.get()
                        + ": set RPC_API_KEY_"
                        + name.get()
                        + " with POST /configure"));
    if (!API_KEY.matcher(key).matches()) {
      throw new ReplicatoorException(
          ErrorCode.RPC_UNAVAILABLE,
          where + ": the API key " + name.get() + " is not a valid key (value not shown)");
    }
    String path = template.getRawPath();
    Matcher m = ENCODED_PLACEHOLDER.matcher(path);
    m.find();
    String s = template.toString();
    int at = s.indexOf(m.group());
    return URI.create(s.substring(0, at) + key + s.substring(at + m.group().length()));
  }

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
