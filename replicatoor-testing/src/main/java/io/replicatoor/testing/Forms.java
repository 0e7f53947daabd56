package io.replicatoor.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** HTML form bodies ({@code application/x-www-form-urlencoded}), as {@code curl -d} sends them. */
public final class Forms {
  private Forms() {}

  /**
   * {@code name=value&name=value...} of {@code namesAndValues} (name, value, name, value, ...),
   * each value URL-encoded as UTF-8.
   */
  public static String urlEncoded(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    StringJoiner form = new StringJoiner("&");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      form.add(
          namesAndValues[i]
              + "="
              + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
    }
    return form.toString();
  }
}
