package io.replicatoor.sim.anvil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.core.json.BoundedJson;
import io.replicatoor.core.json.JsonLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DEVELOPMENT ONLY: a real anvil (npm {@code @foundry-rs/anvil-linux-amd64}, installed by {@code
 * npm ci} in {@code contracts/}) on a kernel-chosen loopback port, for tests and the local demo.
 * The binary is the system property {@value #PROPERTY}, else the environment variable {@value
 * #ENV}. It runs under a tiny shell wrapper that kills it when its stdin closes, so anvil dies with
 * the JVM that started it even on SIGKILL.
 */
public final class Anvil implements AutoCloseable {
  /** anvil's standard development keys (test mnemonic), accounts #0..#3. */
  public static final String KEY_0 =
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  public static final String KEY_1 =
      "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
  public static final String KEY_2 =
      "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
  public static final String KEY_3 =
      "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6";

  /** System property naming the anvil binary (set by the Maven builds of the modules' tests). */
  public static final String PROPERTY = "replicatoor.anvil";

  /** Environment variable naming the anvil binary, read when {@link #PROPERTY} is not set. */
  public static final String ENV = "REPLICATOOR_ANVIL";

  /** Where {@code npm ci} in {@code contracts/} installs the binary. */
  public static final String NPM_PATH = "contracts/node_modules/.bin/anvil";

  private static final Duration RPC_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final BoundedJson JSON = BoundedJson.of(JsonLimits.JSON_RPC);

  private static final Pattern LISTENING = Pattern.compile("Listening on (\\S+):(\\d+)");

  private final Process wrapper;
  private final URI uri;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicLong ids = new AtomicLong(1);

  private Anvil(Process wrapper, URI uri) {
    this.wrapper = wrapper;
    this.uri = uri;
  }

  /**
   * The anvil binary: the system property {@value #PROPERTY}, else the environment variable {@value
   * #ENV}. Throws (never skips) when neither names an executable file.
   */
  public static Path binary() {
    return binary(System.getProperty(PROPERTY), System.getenv(ENV));
  }

  static Path binary(String property, String env) {
    String p = property != null && !property.isBlank() ? property : env;
    if (p == null || p.isBlank() || !Files.isExecutable(Path.of(p))) {
      throw new IllegalStateException(
          "anvil not found"
              + (p == null || p.isBlank() ? "" : " at " + p)
              + ": set the system property "
              + PROPERTY
              + " or the environment variable "
              + ENV
              + " to the anvil binary; install it with `npm ci` in contracts/ (it lands in "
              + NPM_PATH
              + "; the replicatoor-chain build runs it)");
    }
    return Path.of(p);
  }

  /** Starts anvil ({@link #binary()}) with {@code extraArgs} and waits for "Listening on". */
  public static Anvil start(String... extraArgs) {
    return start(binary(), extraArgs);
  }

  /** Starts the anvil binary {@code anvil} with {@code extraArgs} and waits for "Listening on". */
  public static Anvil start(Path anvil, String... extraArgs) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                "\"$0\" \"$@\" & p=$!; trap 'kill $p 2>/dev/null' EXIT; while read -r _; do :; done; exit 0",
                anvil.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--chain-id",
                "31337"));
    cmd.addAll(Arrays.asList(extraArgs));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<String> listening = new CompletableFuture<>();
    Thread drain =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) { // keep draining: anvil logs every call
                  Matcher m = LISTENING.matcher(line);
                  if (!listening.isDone() && m.find()) {
                    listening.complete("http://" + m.group(1) + ":" + m.group(2));
                  }
                }
              } catch (IOException ignored) {
                // process ended
              } finally {
                listening.completeExceptionally(
                    new IllegalStateException("anvil exited before listening"));
              }
            },
            "anvil-drain");
    drain.setDaemon(true);
    drain.start();
    try {
      return new Anvil(p, URI.create(listening.get(30, TimeUnit.SECONDS)));
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IllegalStateException("anvil did not start", e);
    }
  }

  /** The wrapper and its descendants (anvil), for lifecycle tests. */
  public List<ProcessHandle> processes() {
    List<ProcessHandle> out = new ArrayList<>();
    out.add(wrapper.toHandle());
    wrapper.toHandle().descendants().forEach(out::add);
    return out;
  }

  public URI uri() {
    return uri;
  }

  /** Raw JSON-RPC call: the {@code result} (JSON null when anvil answers null). */
  public JsonNode call(String method, Object... params) {
    ObjectNode req = MAPPER.createObjectNode();
    req.put("jsonrpc", "2.0");
    req.put("id", ids.getAndIncrement());
    req.put("method", method);
    ArrayNode p = req.putArray("params");
    for (Object o : params) {
      p.add(MAPPER.valueToTree(o));
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(RPC_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(req.toString(), StandardCharsets.UTF_8))
            .build();
    JsonNode answer;
    try {
      HttpResponse<byte[]> resp = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (resp.statusCode() != 200) {
        throw new IllegalStateException(method + ": HTTP " + resp.statusCode());
      }
      answer = JSON.read(resp.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + ": interrupted", e);
    }
    if (answer.hasNonNull("error")) {
      throw new IllegalStateException(method + ": " + answer.get("error"));
    }
    if (!answer.has("result")) {
      throw new IllegalStateException(method + ": answer without result");
    }
    return answer.get("result");
  }

  public void increaseTime(long seconds) {
    call("evm_increaseTime", seconds);
  }

  public void mine() {
    call("evm_mine");
  }

  /** Mines one block with exactly timestamp {@code t}. */
  public void mineAt(long t) {
    call("evm_setNextBlockTimestamp", t);
    call("evm_mine");
  }

  /** Latest block timestamp. */
  public long latestTimestamp() {
    return Long.decode(call("eth_getBlockByNumber", "latest", false).get("timestamp").asText());
  }

  @Override
  public void close() {
    try {
      wrapper.getOutputStream().close(); // wrapper sees EOF, its EXIT trap kills anvil
      if (!wrapper.waitFor(10, TimeUnit.SECONDS)) {
        wrapper.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      wrapper.destroyForcibly();
    }
  }
}
