package io.replicatoor.attest.verify;

import static io.replicatoor.attest.verify.VerifierFixtures.INTEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.collateral.SignedJson;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.testing.TdxVectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The negative tests of spec section 11.3 that need whole collateral sets. */
class NegativeVerificationTest {
  @TempDir Path tmp;

  static ErrorCode codeOf(ThrowingRunnable r) {
    try {
      r.run();
      return null;
    } catch (ReplicatoorException e) {
      return e.errorCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /**
   * The error code of verifying v01's quote with {@code c} under the Intel root at v01's instant.
   */
  static ErrorCode codeV01(Collateral c) {
    return code(INTEL, TdxVectors.V01, c);
  }

  /**
   * The error code of verifying {@code quote} with v01's collateral under the Intel root at v01's
   * instant.
   */
  static ErrorCode codeV01(byte[] quote) throws ReplicatoorException {
    return VerifierFixtures.code(
        INTEL, quote, VerifierFixtures.json(TdxVectors.V01), TdxVectors.verifyAt(TdxVectors.V01));
  }

  /**
   * The error code of verifying {@code vector}'s quote with {@code c} under {@code v} at its
   * instant.
   */
  static ErrorCode code(QuoteVerifier v, String vector, Collateral c) {
    return VerifierFixtures.code(v, TdxVectors.quote(vector), c, TdxVectors.verifyAt(vector));
  }

  /** The part of {@code c} that {@link ByteFlipTest#with} calls {@code name}. */
  static Bytes part(Collateral c, String name) {
    return switch (name) {
      case "tcbInfo" -> c.tcbInfo();
      case "tcbInfoSignature" -> c.tcbInfoSignature();
      case "qeIdentity" -> c.qeIdentity();
      case "qeIdentitySignature" -> c.qeIdentitySignature();
      case "pckCrl" -> c.pckCrl();
      case "pckCrlIssuerChain" -> c.pckCrlIssuerChain();
      default -> throw new IllegalArgumentException("no such collateral part: " + name);
    };
  }

  Path copyVector(String vector, String... omit) throws Exception {
    Path d = tmp.resolve(vector);
    Files.createDirectories(d);
    try (var s = Files.list(TdxVectors.dir(vector))) {
      for (Path p : s.toList()) {
        if (!Arrays.asList(omit).contains(p.getFileName().toString())) {
          Files.copy(p, d.resolve(p.getFileName()));
        }
      }
    }
    return d;
  }

  @Test
  void verify_v01QuoteWithV07Collateral_collateralMismatch() throws Exception {
    assertThat(codeV01(VerifierFixtures.json(TdxVectors.V07)))
        .isEqualTo(ErrorCode.COLLATERAL_MISMATCH);
  }

  /**
   * v01's (TDX) collateral with one part and its signature or issuer chain taken from v08 (SGX):
   * SGX TCB info, SGX QE identity, and the Processor CA CRL where the Platform CA leaf needs the
   * Platform CA CRL.
   */
  @ParameterizedTest(name = "{0} and {1} from SGX v08")
  @CsvSource({
    "tcbInfo, tcbInfoSignature",
    "qeIdentity, qeIdentitySignature",
    "pckCrl, pckCrlIssuerChain"
  })
  void verify_tdxQuoteWithSgxPart_collateralMismatch(String part, String companion)
      throws Exception {
    Collateral c = VerifierFixtures.json(TdxVectors.V01);
    Collateral sgx = VerifierFixtures.json(TdxVectors.V08);
    Collateral mixed =
        ByteFlipTest.with(
            ByteFlipTest.with(c, part, part(sgx, part)), companion, part(sgx, companion));
    assertThat(codeV01(mixed)).isEqualTo(ErrorCode.COLLATERAL_MISMATCH);
  }

  @Test
  void verify_pckCrlSignedByOtherIssuer_crlInvalid() throws Exception {
    // The Processor CA CRL presented with the Platform CA issuer chain: the signature cannot
    // verify.
    Collateral c = VerifierFixtures.json(TdxVectors.V01);
    Collateral mixed =
        ByteFlipTest.with(c, "pckCrl", VerifierFixtures.json(TdxVectors.V08).pckCrl());
    assertThat(code(QuoteVerifier.intelProduction(), TdxVectors.V01, mixed))
        .isEqualTo(ErrorCode.CRL_INVALID);
  }

  @Test
  void verify_rootCaCrlFromAnotherVectorStillValid_accepted() throws Exception {
    Collateral c = VerifierFixtures.json(TdxVectors.V01);
    Collateral other =
        ByteFlipTest.with(
            c,
            "rootCaCrl",
            Collateral.fromPcsDirectory(TdxVectors.dir(TdxVectors.V05)).rootCaCrl());
    VerifiedQuote vq =
        INTEL.verify(TdxVectors.quote(TdxVectors.V01), other, TdxVectors.verifyAt(TdxVectors.V01));
    assertThat(vq.status()).contains(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_rootCaCrlExpiredAtT_collateralExpired() throws Exception {
    // v07's root CA CRL (2023-04..2024-04) with v01's quote at 2025-07-01.
    Collateral c = VerifierFixtures.json(TdxVectors.V01);
    Collateral old =
        ByteFlipTest.with(c, "rootCaCrl", VerifierFixtures.json(TdxVectors.V07).rootCaCrl());
    assertThat(codeV01(old)).isEqualTo(ErrorCode.COLLATERAL_EXPIRED);
  }

  @Test
  void load_pcsDirectoryWithoutPckCrl_collateralMissing() throws Exception {
    Path d = copyVector(TdxVectors.V01, Collateral.FILE_PCK_CRL);
    assertThat(codeOf(() -> Collateral.fromPcsDirectory(d)))
        .isEqualTo(ErrorCode.COLLATERAL_MISSING);
    assertThat(codeOf(() -> Collateral.load(d))).isEqualTo(ErrorCode.COLLATERAL_MISSING);
  }

  /** The error code of reading v01's dcap-qvl collateral JSON after {@code edit}, or null. */
  static ErrorCode codeOfV01JsonWith(Consumer<ObjectNode> edit) throws Exception {
    ObjectMapper m = new ObjectMapper();
    ObjectNode node = (ObjectNode) m.readTree(TdxVectors.file(TdxVectors.V01, "collateral.json"));
    edit.accept(node);
    return codeOf(() -> Collateral.fromDcapQvlJson(m.writeValueAsBytes(node)));
  }

  @Test
  void load_dcapQvlJsonWithoutPckCrl_collateralMissing() throws Exception {
    assertThat(codeOfV01JsonWith(n -> n.remove("pck_crl"))).isEqualTo(ErrorCode.COLLATERAL_MISSING);
    assertThat(codeOfV01JsonWith(n -> n.put("pck_crl", "")))
        .isEqualTo(ErrorCode.COLLATERAL_MISSING);
  }

  @Test
  void verify_nullCollateral_collateralMissing() {
    assertThat(
            codeOf(() ->
                INTEL.verify(
                    TdxVectors.quote(TdxVectors.V01), null, TdxVectors.verifyAt(TdxVectors.V01))))
        .isEqualTo(ErrorCode.COLLATERAL_MISSING);
  }

  @Test
  void verify_offCurveAttestationKey_attestationKeyInvalid() throws Exception {
    byte[] q = TdxVectors.quote(TdxVectors.V01);
    int key = Quote.parse(q).offsets().signatureDataOffset() + 64;
    byte[] m = q.clone();
    Arrays.fill(m, key, key + 64, (byte) 0);
    m[key + 31] = 1;
    m[key + 63] = 1;
    assertThat(codeV01(m)).isEqualTo(ErrorCode.ATTESTATION_KEY_INVALID);
    byte[] big = q.clone();
    Arrays.fill(big, key, key + 32, (byte) 0xFF);
    assertThat(codeV01(big)).isEqualTo(ErrorCode.ATTESTATION_KEY_INVALID);
  }

  @Test
  void verify_signatureMemberBeforeTcbInfo_stillValid() throws Exception {
    Path d = copyVector(TdxVectors.V05);
    for (String[] f :
        List.of(
            new String[] {Collateral.FILE_TCB_INFO, "tcbInfo"},
            new String[] {Collateral.FILE_QE_IDENTITY, "enclaveIdentity"})) {
      String doc = new String(Files.readAllBytes(d.resolve(f[0])), StandardCharsets.UTF_8);
      var sj = SignedJson.extract(doc.getBytes(StandardCharsets.UTF_8), f[1]);
      String reordered =
          "{\n  \"signature\" : \""
              + sj.signature().toHex()
              + "\",\n  \""
              + f[1]
              + "\":"
              + new String(sj.body().toByteArray(), StandardCharsets.UTF_8)
              + "\n}\n";
      Files.writeString(d.resolve(f[0]), reordered);
    }
    VerifiedQuote vq =
        QuoteVerifier.intelProduction()
            .verify(
                TdxVectors.quote(TdxVectors.V05),
                Collateral.load(d),
                TdxVectors.verifyAt(TdxVectors.V05));
    assertThat(vq.status()).contains(TcbStatus.OUT_OF_DATE);
  }

  @Test
  void verify_prettyPrintedTcbInfo_collateralSignatureInvalid() throws Exception {
    Path d = copyVector(TdxVectors.V05);
    ObjectMapper m = new ObjectMapper();
    JsonNode doc = m.readTree(d.resolve(Collateral.FILE_TCB_INFO).toFile());
    Files.write(
        d.resolve(Collateral.FILE_TCB_INFO),
        m.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
    assertThat(code(QuoteVerifier.intelProduction(), TdxVectors.V05, Collateral.load(d)))
        .isEqualTo(ErrorCode.COLLATERAL_SIGNATURE_INVALID);
  }

  @Test
  void verify_reorderedTcbInfoMembers_collateralSignatureInvalid() throws Exception {
    Collateral c = VerifierFixtures.json(TdxVectors.V05);
    String body = VerifierFixtures.utf8(c.tcbInfo().toByteArray());
    String swapped =
        body.replaceFirst("\"id\":\"TDX\",\"version\":3", "\"version\":3,\"id\":\"TDX\"");
    assertThat(swapped).isNotEqualTo(body);
    Collateral m =
        ByteFlipTest.with(c, "tcbInfo", Bytes.of(swapped.getBytes(StandardCharsets.UTF_8)));
    assertThat(code(QuoteVerifier.intelProduction(), TdxVectors.V05, m))
        .isEqualTo(ErrorCode.COLLATERAL_SIGNATURE_INVALID);
  }

  @Test
  void verify_extraTrailingBytes_stillValid() throws Exception {
    byte[] q = TdxVectors.quote(TdxVectors.V01);
    byte[] longer = Arrays.copyOf(q, q.length + 512);
    Arrays.fill(longer, q.length, longer.length, (byte) 0xAB);
    assertThat(
            INTEL
                .verify(
                    longer,
                    VerifierFixtures.json(TdxVectors.V01),
                    TdxVectors.verifyAt(TdxVectors.V01))
                .status())
        .contains(TcbStatus.UP_TO_DATE);
  }

  @Test
  void verify_appendedBytes_sameCanonicalIdentity() throws Exception {
    // Issue 12 section 2: a relay that appends bytes cannot change what a transcript binds.
    byte[] q = TdxVectors.quote(TdxVectors.V01);
    int end = Quote.parse(q).offsets().signatureDataEnd();
    byte[] canonical = Arrays.copyOf(q, end);
    byte[] longer = Arrays.copyOf(q, q.length + 512);
    Arrays.fill(longer, q.length, longer.length, (byte) 0xAB);
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(canonical);
    var c = VerifierFixtures.json(TdxVectors.V01);
    var t = TdxVectors.verifyAt(TdxVectors.V01);
    for (byte[] variant : List.of(q, longer, canonical)) {
      var vq = INTEL.verify(variant, c, t);
      assertThat(vq.canonicalSha256().toByteArray()).isEqualTo(expected);
      assertThat(vq.quote().canonicalBytes().toByteArray()).isEqualTo(canonical);
      assertThat(INTEL.verifyWithoutCollateral(variant, t).canonicalSha256().toByteArray())
          .isEqualTo(expected);
    }
    assertThat(INTEL.verify(longer, c, t).quote().trailingByteCount()).isEqualTo(70 + 512);
    assertThat(INTEL.verify(canonical, c, t).quote().trailingByteCount()).isZero();
  }

  @Test
  void verify_pckChainFromAnotherQuote_qeReportSignatureInvalid() throws Exception {
    // Same FMSPC (B0C06F), different platform: p01's PCK chain spliced into v01's quote.
    byte[] v01 = TdxVectors.quote(TdxVectors.V01);
    byte[] p01 = TdxVectors.quote(TdxVectors.PARSE_ONLY.get(0));
    Quote a = Quote.parse(v01);
    Quote b = Quote.parse(p01);
    int ca = a.offsets().certificationDataOffset();
    int cb = b.offsets().certificationDataOffset();
    assertThat(a.offsets().certificationDataSize()).isEqualTo(b.offsets().certificationDataSize());
    byte[] m = v01.clone();
    System.arraycopy(p01, cb, m, ca, a.offsets().certificationDataSize());
    assertThat(codeV01(m)).isEqualTo(ErrorCode.QE_REPORT_SIGNATURE_INVALID);
  }

  @Test
  void verify_qeIdentityVersionNotAccepted_collateralMismatch() throws Exception {
    QuoteVerifier v3only =
        QuoteVerifier.intelProduction().withAcceptedQeIdentityVersions(Set.of(3));
    assertThat(code(v3only, TdxVectors.V01, VerifierFixtures.json(TdxVectors.V01)))
        .isEqualTo(ErrorCode.COLLATERAL_MISMATCH);
  }

  @Test
  void collateral_contentHash_differsPerPartAndIsStable() throws Exception {
    Collateral a = VerifierFixtures.json(TdxVectors.V01);
    Collateral b = VerifierFixtures.pcs(TdxVectors.V01);
    assertThat(a.contentHash()).isEqualTo(b.contentHash());
    Collateral c =
        ByteFlipTest.with(a, "rootCaCrl", VerifierFixtures.json(TdxVectors.V07).rootCaCrl());
    assertThat(c.contentHash()).isNotEqualTo(a.contentHash());
    // Round trip through the dcap-qvl form keeps every signed byte.
    assertThat(Collateral.fromDcapQvlJson(a.toDcapQvlJson()).contentHash())
        .isEqualTo(a.contentHash());
    assertThat(Optional.of(a.toString()))
        .hasValueSatisfying(s -> assertThat(s).startsWith("Collateral[sha256="));
  }
}
