package io.replicatoor.cli;

import com.sun.net.httpserver.HttpServer;
import io.replicatoor.core.testing.SharedVectors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real local HTTP server answering like Intel PCS with v01's real PCCS responses. */
final class ServedPcs implements AutoCloseable {
  static final String V01 = "v01-tdx-v4-uptodate-b0c06f";

  private record Response(byte[] body, Map<String, String> headers) {}

  /** Every request path and query, in order. */
  final List<String> requests = new CopyOnWriteArrayList<>();

  /** When set, the TCB info route answers 404. */
  volatile boolean tcbInfoMissing;

  private final HttpServer server;

  ServedPcs() throws IOException {
    Path v = SharedVectors.vectors("tdx", V01);
    Map<String, Response> routes =
        Map.of(
            "/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
            new Response(
                Files.readAllBytes(v.resolve("pck_crl.der")),
                Map.of("SGX-PCK-CRL-Issuer-Chain", enc(v.resolve("pck_crl_issuer_chain.pem")))),
            "/tdx/certification/v4/tcb?fmspc=B0C06F000000",
            new Response(
                Files.readAllBytes(v.resolve("tcb_info_response.json")),
                Map.of("TCB-Info-Issuer-Chain", enc(v.resolve("tcb_info_issuer_chain.pem")))),
            "/tdx/certification/v4/qe/identity",
            new Response(
                Files.readAllBytes(v.resolve("qe_identity_response.json")),
                Map.of(
                    "SGX-Enclave-Identity-Issuer-Chain",
                    enc(v.resolve("qe_identity_issuer_chain.pem")))),
            "/sgx/certification/v4/rootcacrl",
            new Response(
                HexFormat.of()
                    .formatHex(Files.readAllBytes(v.resolve("root_ca_crl.der")))
                    .getBytes(StandardCharsets.US_ASCII),
                Map.of()));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String key =
              ex.getRequestURI().getRawPath()
                  + (ex.getRequestURI().getRawQuery() == null
                      ? ""
                      : "?" + ex.getRequestURI().getRawQuery());
          requests.add(key);
          Response r = routes.get(key);
          try (ex) {
            if (r == null || (tcbInfoMissing && key.contains("/tcb?"))) {
              ex.sendResponseHeaders(404, -1);
              return;
            }
            r.headers().forEach((k, val) -> ex.getResponseHeaders().add(k, val));
            ex.sendResponseHeaders(200, r.body().length);
            ex.getResponseBody().write(r.body());
          }
        });
    server.start();
  }

  private static String enc(Path f) throws IOException {
    return URLEncoder.encode(Files.readString(f, StandardCharsets.US_ASCII), StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** The base URL to pass as {@code --pccs}. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
