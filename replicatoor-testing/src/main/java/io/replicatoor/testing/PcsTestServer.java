package io.replicatoor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 that answers the PCS v4 paths with the files of a vector folder
 * and the real (URL-encoded) issuer-chain headers, like a PCCS does. Routes can be overridden per
 * test with error statuses, delays or damaged bodies.
 */
public final class PcsTestServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pcs-test-server");
        t.setDaemon(true);
        return t;
      });
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  /** What to answer for one path+query. */
  public record Route(
      int status, Map<String, String> headers, byte[] body, long delayMillis, long declaredLength) {
    public static Route ok(byte[] body, Map<String, String> headers) {
      return new Route(200, headers, body, 0, body.length);
    }

    public Route withBody(byte[] b) {
      return new Route(status, headers, b, delayMillis, b.length);
    }

    public Route withStatus(int s) {
      return new Route(s, headers, body, delayMillis, declaredLength);
    }

    public Route withDelay(long ms) {
      return new Route(status, headers, body, ms, declaredLength);
    }

    /** Announces more bytes than are sent, then closes the connection. */
    public Route truncatedOnTheWire() {
      return new Route(
          status, headers, Arrays.copyOf(body, body.length / 2), delayMillis, body.length);
    }

    public Route withoutHeaders() {
      return new Route(status, Map.of(), body, delayMillis, declaredLength);
    }
  }

  public PcsTestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** A server answering with the PCS-form files of {@code vector} for TDX, platform CA. */
  public static PcsTestServer serving(String vector) throws IOException {
    PcsTestServer s = new PcsTestServer();
    s.serveVector(vector, "tdx", "platform");
    return s;
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<String> requests() {
    return requests;
  }

  /** Serves the PCS-form files of {@code vector} (a folder name under vectors/tdx). */
  public void serveVector(String vector, String tee, String ca) throws IOException {
    Path dir = SharedVectors.vectors("tdx", vector);
    String fmspc = fmspcOf(dir);
    String update = "";
    serveVectorAt(dir, tee, ca, fmspc, update);
  }

  public void serveVectorAt(Path dir, String tee, String ca, String fmspc, String update)
      throws IOException {
    routes.put(
        pckCrlPath(ca),
        Route.ok(
            read(dir, "pck_crl.der"),
            Map.of("SGX-PCK-CRL-Issuer-Chain", encode(read(dir, "pck_crl_issuer_chain.pem")))));
    String tcbHeader = tee.equals("tdx") ? "TCB-Info-Issuer-Chain" : "SGX-TCB-Info-Issuer-Chain";
    routes.put(
        tcbPath(tee, fmspc, update),
        Route.ok(
            read(dir, "tcb_info_response.json"),
            Map.of(tcbHeader, encode(read(dir, "tcb_info_issuer_chain.pem")))));
    routes.put(
        qePath(tee, update),
        Route.ok(
            read(dir, "qe_identity_response.json"),
            Map.of(
                "SGX-Enclave-Identity-Issuer-Chain",
                encode(read(dir, "qe_identity_issuer_chain.pem")))));
    // Intel's PCCS serves the Root CA CRL as a hex string (tdx-quote-verification.md 3.2).
    routes.put(
        "/sgx/certification/v4/rootcacrl",
        Route.ok(
            HexFormat.of()
                .formatHex(read(dir, "root_ca_crl.der"))
                .getBytes(StandardCharsets.US_ASCII),
            Map.of()));
    // Intel's own location serves DER.
    routes.put("/IntelSGXRootCA.der", Route.ok(read(dir, "root_ca_crl.der"), Map.of()));
  }

  public static String pckCrlPath(String ca) {
    return "/sgx/certification/v4/pckcrl?ca=" + ca + "&encoding=der";
  }

  public static String tcbPath(String tee, String fmspc, String update) {
    return "/"
        + tee
        + "/certification/v4/tcb?fmspc="
        + fmspc
        + (update.isEmpty() ? "" : "&update=" + update);
  }

  public static String qePath(String tee, String update) {
    return "/"
        + tee
        + "/certification/v4/qe/identity"
        + (update.isEmpty() ? "" : "?update=" + update);
  }

  public Route route(String pathAndQuery) {
    Route r = routes.get(pathAndQuery);
    if (r == null) {
      throw new AssertionError("no route " + pathAndQuery + " in " + routes.keySet());
    }
    return r;
  }

  public void put(String pathAndQuery, Route r) {
    routes.put(pathAndQuery, r);
  }

  public static String fmspcOf(Path vectorDir) throws IOException {
    String json = Files.readString(vectorDir.resolve("tcb_info_response.json"));
    int i = json.indexOf("\"fmspc\":\"") + "\"fmspc\":\"".length();
    return json.substring(i, i + 12).toUpperCase(Locale.ROOT);
  }

  public static byte[] read(Path dir, String name) throws IOException {
    return Files.readAllBytes(dir.resolve(name));
  }

  /** encodeURIComponent-style: spaces as %20, '+' as %2B, as Intel's PCS does. */
  public static String encode(byte[] pem) {
    return URLEncoder.encode(new String(pem, StandardCharsets.US_ASCII), StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private void handle(HttpExchange ex) throws IOException {
    String key =
        ex.getRequestURI().getRawPath()
            + (ex.getRequestURI().getRawQuery() == null
                ? ""
                : "?" + ex.getRequestURI().getRawQuery());
    requests.add(key);
    Route r = routes.get(key);
    try (ex) {
      if (r == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      if (r.delayMillis() > 0) {
        try {
          Thread.sleep(r.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      if (r.status() != 200) {
        ex.sendResponseHeaders(r.status(), -1);
        return;
      }
      ex.sendResponseHeaders(200, r.declaredLength() == 0 ? -1 : r.declaredLength());
      OutputStream out = ex.getResponseBody();
      out.write(r.body());
      out.flush();
    } catch (IOException e) {
      // A deliberately truncated body ends here ("insufficient bytes written"): the connection
      // drops.
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
