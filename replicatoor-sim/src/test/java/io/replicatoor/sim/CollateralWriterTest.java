package io.replicatoor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.testing.SharedVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collateral folder imitates the real vectors' file names, members and formats. */
class CollateralWriterTest {
  @TempDir Path state;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VECTOR = "v01-tdx-v4-uptodate-b0c06f";

  @Test
  void write_fileNames_sameAsRealVectorCollateral() throws Exception {
    Path dir = SimFixtures.setUp(state).collateral().directory();
    Set<String> ours = names(dir);
    Set<String> real = names(SharedVectors.vectors("tdx", VECTOR));
    real.remove("quote.bin");
    real.remove("expected.json");
    assertThat(ours).isEqualTo(real);
  }

  @Test
  void write_jsonMembers_sameOrderAsIntel() throws Exception {
    Path dir = SimFixtures.setUp(state).collateral().directory();
    for (String file :
        new String[] {"tcb_info_response.json", "qe_identity_response.json", "collateral.json"}) {
      JsonNode ours = JSON.readTree(Files.readAllBytes(dir.resolve(file)));
      JsonNode real = SharedVectors.json("tdx", VECTOR, file);
      assertThat(fieldNames(ours)).as(file).isEqualTo(fieldNames(real));
      JsonNode body = ours.has("tcbInfo") ? ours.get("tcbInfo") : ours.get("enclaveIdentity");
      JsonNode realBody = real.has("tcbInfo") ? real.get("tcbInfo") : real.get("enclaveIdentity");
      if (body != null) {
        assertThat(fieldNames(body)).as(file + " body").isEqualTo(fieldNames(realBody));
        assertThat(ours.get("signature").asText()).hasSize(128);
      }
    }
  }

  @Test
  void write_crls_windowAndExtensionsAsSpecified() throws Exception {
    GuestAgentSimulator.Setup s = SimFixtures.setUp(state);
    Path dir = s.collateral().directory();
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509CRL pck = (X509CRL) cf.generateCRL(Files.newInputStream(dir.resolve("pck_crl.der")));
    X509CRL root = (X509CRL) cf.generateCRL(Files.newInputStream(dir.resolve("root_ca_crl.der")));
    pck.verify(s.pki().pckPlatformCaCertificate().getPublicKey());
    root.verify(s.pki().rootCertificate().getPublicKey());
    for (X509CRL c : List.of(pck, root)) {
      assertThat(c.getNonCriticalExtensionOIDs()).contains("2.5.29.20", "2.5.29.35");
      assertThat(c.getThisUpdate().toInstant())
          .isEqualTo(SimFixtures.NOW.minus(CollateralWriter.BACKDATE));
    }
    assertThat(pck.getNextUpdate().toInstant())
        .isEqualTo(
            SimFixtures.NOW.minus(CollateralWriter.BACKDATE).plus(CollateralWriter.VALIDITY));
    assertThat(root.getNextUpdate().toInstant()).isAfter(Instant.parse("2027-11-01T00:00:00Z"));
    assertThat(pck.getIssuerX500Principal())
        .isEqualTo(s.pki().pckCertificate().getIssuerX500Principal());
  }

  private static Set<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      Set<String> out = new TreeSet<>();
      s.forEach(p -> out.add(p.getFileName().toString()));
      return out;
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
