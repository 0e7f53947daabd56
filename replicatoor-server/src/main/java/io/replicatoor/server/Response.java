package io.replicatoor.server;

import java.nio.charset.StandardCharsets;

/**
 * A route's answer.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}
 * @param body the body
 */
record Response(int status, String contentType, byte[] body) {
  static final String JSON = "application/json";
  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  static Response json(byte[] body) {
    return new Response(200, JSON, body);
  }

  static Response json(int status, String body) {
    return new Response(status, JSON, body.getBytes(StandardCharsets.UTF_8));
  }
}
