package io.replicatoor.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.core.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Requests drawn from fuzz input and the contract both APIs keep for them (HostApiFuzzTest,
 * GuestApiFuzzTest): one exchange per connection over a real socket, with a deadline.
 *
 * <p>A drawn request is either raw bytes (any framing at all) or a well-formed HTTP/1.1 request
 * whose method, path, query, content type and body come from the input.
 */
final class HttpFuzzing {
  /** An exchange that takes longer than this is a hang. */
  static final long DEADLINE_MILLIS = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PCHAR =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?";
  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");
  private static final List<String> TYPES =
      List.of(
          "",
          "application/json",
          "application/x-www-form-urlencoded",
          "text/plain",
          "application/octet-stream",
          "application/json; charset=utf-8",
          "multipart/form-data; boundary=x");
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "http-fuzz-watchdog");
        t.setDaemon(true);
        return t;
      });

  private HttpFuzzing() {}

  /** A request to send; {@code wellFormed} when it is valid HTTP/1.1 framing. */
  record Drawn(byte[] bytes, boolean wellFormed, String method) {
    /** The request's head as escaped text, for failure messages. */
    String describe() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < Math.min(bytes.length, 400); i++) {
        int c = bytes[i] & 0xff;
        if (c >= 0x20 && c < 0x7f) {
          b.append((char) c);
        } else {
          b.append(String.format("\\x%02x", c));
        }
      }
      return b.toString();
    }
  }

  /** One answer: null status when the server closed the connection without answering. */
  record Answer(Integer status, String head, byte[] body) {}

  static Drawn draw(FuzzedDataProvider in, List<String> paths) {
    if (in.consumeInt(0, 7) == 0) {
      return new Drawn(in.consumeRemainingAsBytes(), false, "");
    }
    String method = in.consumeBoolean() ? in.pickValue(METHODS) : token(in.consumeAsciiString(8));
    if (method.isEmpty()) {
      method = "GET";
    }
    String path =
        in.consumeBoolean() ? in.pickValue(paths) : "/" + target(in.consumeAsciiString(40));
    String query = in.consumeBoolean() ? "?" + target(in.consumeAsciiString(80)) : "";
    String type =
        in.consumeBoolean() ? in.pickValue(TYPES) : headerValue(in.consumeAsciiString(40));
    byte[] body = in.consumeRemainingAsBytes();
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(query).append(" HTTP/1.1\r\n");
    head.append("Host: localhost\r\nConnection: close\r\n");
    if (!type.isEmpty()) {
      head.append("Content-Type: ").append(type).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    return new Drawn(out.toByteArray(), true, method);
  }

  /** Keeps only HTTP token characters. */
  private static String token(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0) {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * The text as a valid request target (RFC 3986): characters outside {@code pchar}, {@code /} and
   * {@code ?} are percent-encoded as a client does, and so is a {@code %} that does not start a
   * {@code %HH} escape. Undertow's parser refuses invalid targets with a bare 400, like any other
   * malformed head; raw inputs cover those.
   */
  private static String target(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' ? hex(s, i + 1) && hex(s, i + 2) : PCHAR.indexOf(c) >= 0) {
        b.append(c);
      } else {
        b.append(String.format("%%%02X", c & 0xff));
      }
    }
    return b.toString();
  }

  private static boolean hex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 0x80;
  }

  /** Keeps only visible characters and spaces (no line breaks). */
  private static String headerValue(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      }
    }
    return b.toString().strip();
  }

  /**
   * Sends {@code request} on a new connection and reads until the server closes it; fails the
   * target when that takes longer than {@link #DEADLINE_MILLIS}.
   */
  static Answer exchange(SocketAddress address, byte[] request) {
    try (SocketChannel c = SocketChannel.open(address)) {
      ScheduledFuture<?> deadline =
          WATCHDOG.schedule(
              () -> {
                try {
                  c.close();
                } catch (IOException e) {
                  // closing is all the watchdog does
                }
              },
              DEADLINE_MILLIS,
              TimeUnit.MILLISECONDS);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try {
        OutputStream out = Channels.newOutputStream(c);
        try {
          out.write(request);
          out.flush();
          c.shutdownOutput();
        } catch (IOException e) {
          // the server may answer and close before it read everything (413, 400)
        }
        InputStream in = Channels.newInputStream(c);
        byte[] buf = new byte[8192];
        int n;
        try {
          while ((n = in.read(buf)) > 0) {
            got.write(buf, 0, n);
          }
        } catch (IOException e) {
          // a reset after the answer; the watchdog's close is checked below
        }
      } finally {
        boolean inTime = deadline.cancel(false);
        assertThat(inTime).as("the server answered or closed within the deadline").isTrue();
      }
      return parse(got.toByteArray());
    } catch (IOException e) {
      throw new AssertionError("cannot connect: the server stopped serving", e);
    }
  }

  private static Answer parse(byte[] all) {
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int sep = text.indexOf("\r\n\r\n");
    if (all.length == 0 || sep < 0) {
      assertThat(all.length).as("a partial answer: %s", text).isZero();
      return new Answer(null, "", new byte[0]);
    }
    assertThat(text).startsWith("HTTP/1.1 ");
    int status = Integer.parseInt(text.substring(9, 12));
    byte[] body = new byte[all.length - sep - 4];
    System.arraycopy(all, sep + 4, body, 0, body.length);
    return new Answer(status, text.substring(0, sep), body);
  }

  /**
   * One fuzz input against the server at {@code address}: its answer keeps the contract ({@link
   * #assertNoServerError}; an error answer, except to HEAD, is {@link #assertJsonError} when the
   * request was well-formed or {@code rawErrorsInJson}), and afterwards {@code probe} still gets a
   * 200.
   */
  static void assertContract(
      FuzzedDataProvider in,
      List<String> paths,
      SocketAddress address,
      boolean rawErrorsInJson,
      byte[] probe) {
    Drawn d = draw(in, paths);
    Answer a = exchange(address, d.bytes());
    assertNoServerError(d, a);
    if ((d.wellFormed() || rawErrorsInJson)
        && a.status() != null
        && a.status() >= 400
        && !d.method().equalsIgnoreCase("HEAD")) {
      assertJsonError(d, a);
    }
    String request = new String(probe, StandardCharsets.US_ASCII);
    assertThat(exchange(address, probe).status())
        .as("%s after the input", request.substring(0, request.indexOf(" HTTP/")))
        .isEqualTo(200);
  }

  /** Never a 5xx; a well-formed request always gets an answer. */
  static void assertNoServerError(Drawn d, Answer a) {
    if (d.wellFormed()) {
      assertThat(a.status()).as("an answer to a well-formed request").isNotNull();
    }
    if (a.status() != null) {
      assertThat(a.status()).as("%s -> %s", d.describe(), a.head()).isBetween(200, 499);
    }
  }

  /** An error answer is {@code {"error": CODE, "message": text}} with the code's status. */
  static void assertJsonError(Drawn d, Answer a) {
    String what =
        "answer to " + d.describe() + ": " + a.head() + "\n\n" + new String(a.body(), UTF_8);
    assertThat(a.head().toLowerCase(Locale.ROOT))
        .as(what)
        .contains("content-type: application/json");
    JsonNode n;
    try {
      n = JSON.readTree(a.body());
    } catch (IOException e) {
      throw new AssertionError("error body is not JSON: " + what, e);
    }
    assertThat(n.isObject()).as(what).isTrue();
    assertThat(n.size()).isEqualTo(2);
    ErrorCode code = ErrorCode.valueOf(n.path("error").asText());
    assertThat(code.httpStatus()).isEqualTo(a.status());
    assertThat(n.path("message").isTextual()).isTrue();
  }
}
