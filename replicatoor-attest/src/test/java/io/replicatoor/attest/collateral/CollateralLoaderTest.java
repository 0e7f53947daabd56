package io.replicatoor.attest.collateral;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.quote.QuoteInput;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.testing.TdxVectors;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PCS/PCCS response variants and input bounds. */
class CollateralLoaderTest {
  @TempDir Path tmp;

  Path copy(String vector) throws Exception {
    Path d = tmp.resolve(vector);
    Files.createDirectories(d);
    try (var s = Files.list(TdxVectors.dir(vector))) {
      for (Path p : s.toList()) {
        Files.copy(p, d.resolve(p.getFileName()));
      }
    }
    return d;
  }

  @Test
  void fromPcsDirectory_pccsHexRootCrlPemPckCrlUrlEncodedChains_sameContentHash() throws Exception {
    String v = TdxVectors.V01;
    Path d = copy(v);
    byte[] rootCrl = Files.readAllBytes(d.resolve(Collateral.FILE_ROOT_CA_CRL));
    Files.writeString(
        d.resolve(Collateral.FILE_ROOT_CA_CRL), HexFormat.of().formatHex(rootCrl) + "\n");
    byte[] pckCrl = Files.readAllBytes(d.resolve(Collateral.FILE_PCK_CRL));
    Files.writeString(
        d.resolve(Collateral.FILE_PCK_CRL),
        "-----BEGIN X509 CRL-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pckCrl)
            + "\n-----END X509 CRL-----\n");
    for (String f : new String[] {Collateral.FILE_TCB_INFO_CHAIN, Collateral.FILE_PCK_CRL_CHAIN}) {
      String pem = Files.readString(d.resolve(f));
      Files.writeString(
          d.resolve(f), URLEncoder.encode(pem, StandardCharsets.US_ASCII).replace("+", "%20"));
    }
    Collateral fromVariants = Collateral.load(d);
    Collateral original = Collateral.fromPcsDirectory(TdxVectors.dir(v));
    assertThat(fromVariants.rootCaCrl()).isEqualTo(original.rootCaCrl());
    assertThat(fromVariants.pckCrl()).isEqualTo(original.pckCrl());
    assertThat(fromVariants.tcbInfoIssuerChain()).isEqualTo(original.tcbInfoIssuerChain());
    assertThat(fromVariants.pckCrlIssuerChain()).isEqualTo(original.pckCrlIssuerChain());
    assertThat(fromVariants.contentHash()).isEqualTo(original.contentHash());
  }

  @Test
  void fromPcsDirectory_garbageCrl_collateralMalformed() throws Exception {
    Path d = copy(TdxVectors.V01);
    Files.writeString(d.resolve(Collateral.FILE_PCK_CRL), "not a crl");
    assertThat(code(() -> Collateral.load(d))).isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
  }

  @Test
  void fromPcsDirectory_issuerChainNotPem_collateralMalformed() throws Exception {
    Path d = copy(TdxVectors.V01);
    Files.writeString(d.resolve(Collateral.FILE_QE_IDENTITY_CHAIN), "hello");
    assertThat(code(() -> Collateral.load(d))).isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
  }

  @Test
  void load_oversizedJsonFile_collateralMalformed() throws Exception {
    Path big = tmp.resolve("big.json");
    Files.write(big, new byte[CollateralJson.MAX_DOCUMENT_BYTES + 1]);
    assertThat(code(() -> Collateral.load(big))).isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
    String longString =
        "{\"pck_crl_issuer_chain\":\"" + "a".repeat(CollateralJson.MAX_STRING_LENGTH + 1) + "\"}";
    assertThat(
            code(() -> Collateral.fromDcapQvlJson(longString.getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
  }

  @Test
  void fromDcapQvlJson_signatureNot64Bytes_collateralMalformed() throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode node = (ObjectNode) m.readTree(TdxVectors.file(TdxVectors.V01, "collateral.json"));
    for (String signature : List.of("abcd", "zz")) {
      node.put("tcb_info_signature", signature);
      assertThat(code(() -> Collateral.fromDcapQvlJson(m.writeValueAsBytes(node))))
          .as(signature)
          .isEqualTo(ErrorCode.COLLATERAL_MALFORMED);
    }
  }

  @Test
  void quoteInput_hexAndRaw_decodedAlike() {
    byte[] raw = TdxVectors.quote(TdxVectors.V01);
    String hex = HexFormat.of().formatHex(raw);
    assertThat(QuoteInput.decode(raw)).isEqualTo(raw);
    assertThat(QuoteInput.decode(hex.getBytes(StandardCharsets.US_ASCII))).isEqualTo(raw);
    assertThat(
            QuoteInput.decode(
                ("0x" + hex.toUpperCase() + "\n").getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(raw);
    assertThat(
            QuoteInput.decode(
                (hex.substring(0, 100) + "\n" + hex.substring(100))
                    .getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(raw);
    byte[] odd = "abc".getBytes(StandardCharsets.US_ASCII);
    assertThat(QuoteInput.decode(odd)).isEqualTo(odd);
  }

  @Test
  void quoteInput_hexWithUtf8Bom_decodedAsHex() {
    byte[] raw = TdxVectors.quote(TdxVectors.V01);
    byte[] hex =
        ("\uFEFF0x" + HexFormat.of().formatHex(raw) + "\r\n").getBytes(StandardCharsets.UTF_8);
    assertThat(QuoteInput.decode(hex)).isEqualTo(raw);
  }

  interface Call {
    Object run() throws Exception;
  }

  static ErrorCode code(Call c) {
    try {
      c.run();
      return null;
    } catch (ReplicatoorException e) {
      return e.errorCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
