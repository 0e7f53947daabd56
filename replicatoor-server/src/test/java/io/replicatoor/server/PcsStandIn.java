package io.replicatoor.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A real local PCS/PCCS stand-in: serves the PCS-form collateral files of a folder (the
 * simulator's, signed by its dev PKI) on the PCS v4 paths with the real issuer-chain headers, over
 * HTTP or HTTPS. {@link #down()} closes the listener (connections are refused), {@link #up()} binds
 * the same port again.
 */
final class PcsStandIn implements AutoCloseable {
  private final Path folder;
  private final SSLContext tls;
  private final int port;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;

  private PcsStandIn(Path folder, SSLContext tls) throws IOException {
    this.folder = folder;
    this.tls = tls;
    this.server = bind(0);
    this.port = server.getAddress().getPort();
  }

  /** Plain HTTP (a measured {@code --pcs} may be http). */
  static PcsStandIn http(Path folder) throws IOException {
    return new PcsStandIn(folder, null);
  }

  /** HTTPS with {@code tls}'s certificate (the host's {@code PCCS_URL} must be https). */
  static PcsStandIn https(Path folder, SSLContext tls) throws IOException {
    return new PcsStandIn(folder, tls);
  }

  URI base() {
    return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port);
  }

  /** Every request path and query, in order. */
  List<String> requests() {
    return requests;
  }

  synchronized void down() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  synchronized void up() throws IOException {
    if (server == null) {
      server = bind(port);
    }
  }

  private HttpServer bind(int p) throws IOException {
    InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), p);
    HttpServer s;
    if (tls == null) {
      s = HttpServer.create(a, 0);
    } else {
      HttpsServer hs = HttpsServer.create(a, 0);
      hs.setHttpsConfigurator(new HttpsConfigurator(tls));
      s = hs;
    }
    s.createContext("/", this::handle);
    s.start();
    return s;
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    String query = ex.getRequestURI().getRawQuery();
    requests.add(path + (query == null ? "" : "?" + query));
    try (ex) {
      byte[] body;
      String header = null;
      String chain = null;
      if (path.equals("/sgx/certification/v4/pckcrl")) {
        body = Files.readAllBytes(folder.resolve("pck_crl.der"));
        header = "SGX-PCK-CRL-Issuer-Chain";
        chain = "pck_crl_issuer_chain.pem";
      } else if (path.equals("/tdx/certification/v4/tcb")
          && query != null
          && query.toUpperCase(Locale.ROOT).contains("FMSPC=" + fmspc())) {
        body = Files.readAllBytes(folder.resolve("tcb_info_response.json"));
        header = "TCB-Info-Issuer-Chain";
        chain = "tcb_info_issuer_chain.pem";
      } else if (path.equals("/tdx/certification/v4/qe/identity")) {
        body = Files.readAllBytes(folder.resolve("qe_identity_response.json"));
        header = "SGX-Enclave-Identity-Issuer-Chain";
        chain = "qe_identity_issuer_chain.pem";
      } else if (path.equals("/sgx/certification/v4/rootcacrl")) {
        body = Files.readAllBytes(folder.resolve("root_ca_crl.der"));
      } else {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      if (header != null) {
        ex.getResponseHeaders()
            .add(
                header,
                URLEncoder.encode(
                        Files.readString(folder.resolve(chain), StandardCharsets.US_ASCII),
                        StandardCharsets.UTF_8)
                    .replace("+", "%20"));
      }
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
    }
  }

  private String fmspc() throws IOException {
    String json = Files.readString(folder.resolve("tcb_info_response.json"));
    int i = json.indexOf("\"fmspc\":\"") + "\"fmspc\":\"".length();
    return json.substring(i, i + 12).toUpperCase(Locale.ROOT);
  }

  @Override
  public void close() {
    down();
  }
}
