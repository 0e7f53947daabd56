package io.replicatoor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/** Access to {@code shared/vectors/tdx}: names, quotes, expectations. Missing vectors fail. */
public final class TdxVectors {
  private static final ObjectMapper M = new ObjectMapper();

  /** The full vectors (quote + collateral). */
  public static final List<String> FULL =
      List.of(
          "v01-tdx-v4-uptodate-b0c06f",
          "v02-tdx-v5-td15-tcb-not-supported-90c06f",
          "v04-tdx-v5-td15-uptodate-90c06f-alibaba",
          "v05-tdx-v4-outofdate-00806f05-2506",
          "v07-tdx-v4-tcb-not-supported-50806f-2023",
          "v08-sgx-v3-config-and-sw-hardening-00a067");

  /** The parse-only vectors. */
  public static final List<String> PARSE_ONLY =
      List.of(
          "p01-parse-only-dummy-tdx-dcap",
          "p02-parse-only-dcapqvl-tdx-quote-hex",
          "p03-parse-only-dstack-tappd");

  public static final String V01 = FULL.get(0);
  public static final String V02 = FULL.get(1);
  public static final String V04 = FULL.get(2);
  public static final String V05 = FULL.get(3);
  public static final String V07 = FULL.get(4);
  public static final String V08 = FULL.get(5);

  private TdxVectors() {}

  public static Path dir(String vector) {
    return SharedVectors.vectors("tdx", vector);
  }

  public static byte[] quote(String vector) {
    return SharedVectors.read("tdx", vector, "quote.bin");
  }

  public static byte[] file(String vector, String name) {
    return SharedVectors.read("tdx", vector, name);
  }

  public static byte[] rootDer() {
    return SharedVectors.read("tdx", "intel_sgx_root_ca.der");
  }

  /** Intel's SGX root CA certificate, parsed. */
  public static X509Certificate rootCertificate() {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(rootDer()));
    } catch (CertificateException e) {
      throw new IllegalStateException("intel_sgx_root_ca.der is not a certificate", e);
    }
  }

  public static JsonNode expected(String vector) {
    try {
      return M.readTree(SharedVectors.read("tdx", vector, "expected.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Instant verifyAt(String vector) {
    return Instant.ofEpochSecond(expected(vector).get("verify_at_unix").asLong());
  }

  public static Instant windowStart(String vector) {
    return Instant.ofEpochSecond(
        expected(vector).get("collateral_valid_window_unix").get(0).asLong());
  }

  public static Instant windowEnd(String vector) {
    return Instant.ofEpochSecond(
        expected(vector).get("collateral_valid_window_unix").get(1).asLong());
  }
}
