package io.replicatoor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.json.BoundedJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The host-side relay of a hand-over (the original {@code migrate.sh}): {@code POST /requestKey} on
 * the target, {@code POST /onboard} on the source with exactly what the target returned, {@code
 * POST /receiveKey} on the target with exactly what the source returned. It holds no secret: every
 * message it relays is public protocol data.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description =
        "Hands the state from a running instance (--from) to a new one (--to) over their host"
            + " APIs: requestKey on --to, onboard on --from, receiveKey on --to.")
public final class MigrateCommand implements Callable<Integer> {

  /** Parses the instances' answers (join requests, status, errors), none near this size. */
  private static final BoundedJson ANSWERS = BoundedJson.withMaxBytes(16 * 1024 * 1024);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin JsonOption json;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "URL",
      description = "host API of the instance that holds the state (A), e.g. http://a:4001")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "URL",
      description = "host API of the new instance that waits for it (B), e.g. http://b:4001")
  String to;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "limit for connecting and for each request's answer (default ${DEFAULT-VALUE})")
  double timeoutSeconds;

  /** One relay step: its name, the instance it talks to and the route. */
  private record Step(String name, String option, URI base) {
    URI uri() {
      return URI.create(base + "/" + name);
    }
  }

  /** A step's failure, with the code the instance (or the transport) gave. */
  private static final class StepFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Step step;
    final String code;
    final ErrorCode exitCode;

    StepFailure(Step step, String code, ErrorCode exitCode, String message) {
      super(message);
      this.step = step;
      this.code = code;
      this.exitCode = exitCode;
    }
  }

  @Override
  public Integer call() throws Exception {
    URI a = baseUrl("--from", from);
    URI b = baseUrl("--to", to);
    if (a.equals(b)) {
      throw new UsageException("--from and --to name the same instance (" + a + ")");
    }
    if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
      throw new UsageException("--timeout must be a positive number of seconds (at most 86400)");
    }
    Duration timeout = Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000)));
    Step request = new Step("requestKey", "--to", b);
    Step onboard = new Step("onboard", "--from", a);
    Step receive = new Step("receiveKey", "--to", b);
    ObjectNode result = JsonOutput.mapper().createObjectNode();
    long start = System.nanoTime();
    try (HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build()) {
      HttpResponse<byte[]> join = post(client, request, timeout, null, new byte[0], result);
      HttpResponse<byte[]> bundle =
          post(client, onboard, timeout, "application/json", join.body(), result);
      String bundleType =
          bundle.headers().firstValue("Content-Type").orElse("application/octet-stream");
      HttpResponse<byte[]> received =
          post(client, receive, timeout, bundleType, bundle.body(), result);
      JsonNode status = parse(received.body());
      if (status == null || !status.isObject()) {
        throw new StepFailure(
            receive,
            ErrorCode.INSTANCE_UNREACHABLE.name(),
            ErrorCode.INSTANCE_UNREACHABLE,
            "--to answered /receiveKey with something other than a JSON object");
      }
      result.put("totalMillis", millisSince(start));
      ObjectNode out = JsonOutput.mapper().createObjectNode();
      out.put("ok", true);
      out.put("from", a.toString());
      out.put("to", b.toString());
      for (String key : new String[] {"phase", "fingerprint", "stateVersion", "protocolVersion"}) {
        if (status.has(key)) {
          out.set(key, status.get(key));
        }
      }
      out.setAll(result);
      if (json.requested()) {
        spec.commandLine().getOut().println(JsonOutput.write(out));
      } else {
        spec.commandLine()
            .getOut()
            .println(
                "migrated: "
                    + b
                    + " is "
                    + status.path("phase").asText("?")
                    + ", fingerprint "
                    + status.path("fingerprint").asText("?")
                    + ", state version "
                    + status.path("stateVersion").asText("?")
                    + " ("
                    + result.get("totalMillis").asLong()
                    + " ms)");
      }
      spec.commandLine().getOut().flush();
      return 0;
    } catch (StepFailure f) {
      String message =
          ErrorRenderer.oneLine(
              f.step.name()
                  + " on "
                  + f.step.option()
                  + " "
                  + f.step.base()
                  + " failed: "
                  + f.getMessage());
      if (json.requested()) {
        ObjectNode n = JsonOutput.mapper().createObjectNode();
        n.put("error", f.code);
        n.put("message", message);
        n.put("step", f.step.name());
        n.put("url", f.step.uri().toString());
        spec.commandLine().getOut().println(JsonOutput.write(n));
        spec.commandLine().getOut().flush();
      } else {
        spec.commandLine().getErr().println("replicatoor: " + f.code + ": " + message);
        spec.commandLine().getErr().flush();
      }
      return f.exitCode.exitClass().exitCode();
    }
  }

  /**
   * One POST; returns the 2xx answer, records the step's duration, prints the progress line on
   * stderr, or throws the step's failure.
   */
  private HttpResponse<byte[]> post(
      HttpClient client,
      Step step,
      Duration timeout,
      String contentType,
      byte[] body,
      ObjectNode timings)
      throws StepFailure, InterruptedException {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(step.uri())
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      rb.header("Content-Type", contentType);
    }
    long t0 = System.nanoTime();
    HttpResponse<byte[]> response;
    try {
      response = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      progress(step, "no answer (" + millisSince(t0) + " ms)");
      throw unreachable(step, "no answer within " + timeout.toMillis() + " ms (--timeout)");
    } catch (IOException e) {
      // The JDK's HttpClient reports a refused connection with no message: name it in words.
      String why =
          e instanceof ConnectException
              ? "connection refused"
              : e.getMessage() == null ? "the connection failed" : e.getMessage();
      progress(step, "unreachable (" + millisSince(t0) + " ms)");
      throw unreachable(step, "cannot reach " + step.uri() + ": " + why);
    }
    long millis = millisSince(t0);
    timings.put(step.name() + "Millis", millis);
    int status = response.statusCode();
    if (status / 100 != 2) {
      JsonNode err = parse(response.body());
      if (err != null && err.path("error").isTextual()) {
        String code = err.path("error").asText();
        ErrorCode known = known(code);
        progress(step, "refused: " + code + " (HTTP " + status + ", " + millis + " ms)");
        throw new StepFailure(step, code, known, err.path("message").asText(""));
      }
      progress(step, "failed: HTTP " + status + " (" + millis + " ms)");
      throw unreachable(step, "answered HTTP " + status + " without a replicatoor error object");
    }
    if (step.name().equals("requestKey") && !isJsonObject(response.body())) {
      progress(step, "failed: not JSON (" + millis + " ms)");
      throw unreachable(step, "answered with something other than a JSON object");
    }
    progress(step, "ok (" + millis + " ms, " + response.body().length + " bytes)");
    return response;
  }

  private void progress(Step step, String outcome) {
    spec.commandLine()
        .getErr()
        .println(
            "migrate: "
                + step.name()
                + " on "
                + step.option()
                + " "
                + step.base()
                + ": "
                + outcome);
    spec.commandLine().getErr().flush();
  }

  private StepFailure unreachable(Step step, String message) {
    return new StepFailure(
        step, ErrorCode.INSTANCE_UNREACHABLE.name(), ErrorCode.INSTANCE_UNREACHABLE, message);
  }

  /** The server's code; one this CLI does not know is still a failed check (exit 1). */
  private static ErrorCode known(String code) {
    try {
      return ErrorCode.valueOf(code);
    } catch (IllegalArgumentException e) {
      return ErrorCode.INSTANCE_UNREACHABLE;
    }
  }

  private static boolean isJsonObject(byte[] body) {
    JsonNode n = parse(body);
    return n != null && n.isObject();
  }

  private static JsonNode parse(byte[] body) {
    try {
      return ANSWERS.read(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static long millisSince(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /**
   * An instance's base URL: http or https, a host, no query, fragment or user info; the scheme and
   * host lower-cased, the default port made explicit and a trailing slash dropped, so two spellings
   * of one instance compare equal.
   */
  static URI baseUrl(String option, String text) {
    URI u;
    try {
      u = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new UsageException(option + " is not a URL: " + e.getReason());
    }
    String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new UsageException(option + " must be an http:// or https:// URL, got " + text);
    }
    if (u.getHost() == null) {
      throw new UsageException(option + " has no host: " + text);
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
      throw new UsageException(option + " must not have a query, fragment or user info: " + text);
    }
    int port = u.getPort() >= 0 ? u.getPort() : ("https".equals(scheme) ? 443 : 80);
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port + path);
  }
}
