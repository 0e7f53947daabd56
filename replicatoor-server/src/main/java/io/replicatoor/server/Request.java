package io.replicatoor.server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What a route sees of an HTTP request: the body (already bounded by the server's limit) and its
 * media type.
 *
 * @param body the request body
 * @param mediaType the {@code Content-Type} without parameters, lower case; empty when absent
 */
record Request(byte[] body, Optional<String> mediaType) {
  static final String FORM = "application/x-www-form-urlencoded";
  static final String JSON = "application/json";
  static final String TEXT = "text/plain";

  static Request of(byte[] body, String contentType) {
    Optional<String> m = Optional.empty();
    if (contentType != null && !contentType.isBlank()) {
      int semi = contentType.indexOf(';');
      String t = (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
      m = Optional.of(t.toLowerCase(Locale.ROOT));
    }
    return new Request(body, m);
  }

  /** Whether the body is empty or only whitespace. */
  boolean blank() {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  /** Whether the first non-whitespace byte opens a JSON object. */
  boolean looksLikeJsonObject() {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '{';
      }
    }
    return false;
  }

  /** Whether the media type is absent or one of {@code accepted}. */
  boolean typeIn(String... accepted) {
    if (mediaType.isEmpty()) {
      return true;
    }
    for (String a : accepted) {
      if (a.equals(mediaType.get())) {
        return true;
      }
    }
    return false;
  }

  /** The body as UTF-8 text (malformed sequences become U+FFFD; callers validate further). */
  String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
