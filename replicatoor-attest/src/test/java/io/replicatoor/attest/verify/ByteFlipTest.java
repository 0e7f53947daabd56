package io.replicatoor.attest.verify;

import static io.replicatoor.attest.verify.VerifierFixtures.INTEL;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.quote.QuoteLayout;
import io.replicatoor.attest.quote.QuoteOffsets;
import io.replicatoor.testing.TdxVectors;
import io.replicatoor.core.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Byte-flip tables (spec 11.3, issue section 5): one row per named offset, each with its code. */
class ByteFlipTest {
  static final List<String> TABLE_VECTORS = List.of(TdxVectors.V01, TdxVectors.V04, TdxVectors.V05, TdxVectors.V08);

  record Row(String vector, String field, int offset, ErrorCode expected) {
    @Override
    public String toString() {
      return vector.substring(0, 3) + " " + field + " @" + offset;
    }
  }

  static Stream<Row> quoteRows() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (String v : TABLE_VECTORS) {
      Quote q = Quote.parse(TdxVectors.quote(v));
      QuoteOffsets o = q.offsets();
      int b = o.bodyOffset();
      int s = o.signatureDataOffset();
      // Signed region: header fields that are not structurally validated, and each body field.
      rows.add(new Row(v, "header reserved", QuoteLayout.HEADER_RESERVED_OFFSET, ErrorCode.QUOTE_SIGNATURE_INVALID));
      rows.add(new Row(v, "header user_data", QuoteLayout.HEADER_USER_DATA_OFFSET, ErrorCode.QUOTE_SIGNATURE_INVALID));
      rows.add(new Row(v, "header user_data end", QuoteLayout.HEADER_SIZE - 1, ErrorCode.QUOTE_SIGNATURE_INVALID));
      if (q.isTdx()) {
        rows.add(new Row(v, "TEE_TCB_SVN", b + QuoteLayout.TD_TEE_TCB_SVN_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(new Row(v, "MRSEAM", b + QuoteLayout.TD_MRSEAM_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(new Row(v, "MRSIGNERSEAM", b + QuoteLayout.TD_MRSIGNERSEAM_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(new Row(v, "SEAMATTRIBUTES", b + QuoteLayout.TD_SEAMATTRIBUTES_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(new Row(v, "TDATTRIBUTES", b + QuoteLayout.TD_TDATTRIBUTES_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(new Row(v, "XFAM", b + QuoteLayout.TD_XFAM_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(new Row(v, "MRTD", b + QuoteLayout.TD_MRTD_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(new Row(v, "MRCONFIGID", b + QuoteLayout.TD_MRCONFIGID_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(new Row(v, "MROWNER", b + QuoteLayout.TD_MROWNER_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(new Row(v, "MROWNERCONFIG", b + QuoteLayout.TD_MROWNERCONFIG_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        for (int i = 0; i < 4; i++) {
          rows.add(new Row(v, "RTMR" + i, b + QuoteLayout.TD_RTMR0_REL + i * 48, ErrorCode.QUOTE_SIGNATURE_INVALID));
        }
        rows.add(new Row(v, "REPORTDATA", b + QuoteLayout.TD_REPORTDATA_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        if (q.bodyType() == QuoteLayout.BODY_TYPE_TD15) {
          rows.add(new Row(v, "TEE_TCB_SVN2", b + QuoteLayout.TD15_TEE_TCB_SVN2_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
          rows.add(new Row(v, "MRSERVICETD", b + QuoteLayout.TD15_MRSERVICETD_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        }
      } else {
        rows.add(new Row(v, "enclave MRENCLAVE", b + QuoteLayout.SGX_MRENCLAVE_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(new Row(v, "enclave REPORTDATA", b + QuoteLayout.SGX_REPORTDATA_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
      }
      rows.add(new Row(v, "last signed byte", o.signedLength() - 1, ErrorCode.QUOTE_SIGNATURE_INVALID));
      rows.add(new Row(v, "quote signature r", s, ErrorCode.QUOTE_SIGNATURE_INVALID));
      rows.add(new Row(v, "quote signature s", s + 63, ErrorCode.QUOTE_SIGNATURE_INVALID));
      rows.add(new Row(v, "attestation key x", s + 64, ErrorCode.ATTESTATION_KEY_INVALID));
      rows.add(new Row(v, "attestation key y", s + 127, ErrorCode.ATTESTATION_KEY_INVALID));
      int qe = o.qeReportOffset();
      rows.add(new Row(v, "QE CPUSVN", qe + QuoteLayout.SGX_CPUSVN_REL, ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(new Row(v, "QE MISCSELECT", qe + QuoteLayout.SGX_MISCSELECT_REL, ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(new Row(v, "QE ATTRIBUTES", qe + QuoteLayout.SGX_ATTRIBUTES_REL, ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(new Row(v, "QE MRENCLAVE", qe + QuoteLayout.SGX_MRENCLAVE_REL, ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(new Row(v, "QE MRSIGNER", qe + QuoteLayout.SGX_MRSIGNER_REL, ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(new Row(v, "QE ISVPRODID", qe + QuoteLayout.SGX_ISVPRODID_REL, ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(new Row(v, "QE ISVSVN", qe + QuoteLayout.SGX_ISVSVN_REL, ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(new Row(v, "QE REPORTDATA", qe + QuoteLayout.SGX_REPORTDATA_REL, ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(new Row(v, "QE REPORTDATA upper half", qe + QuoteLayout.SGX_REPORTDATA_REL + 40, ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(new Row(v, "QE report signature", o.qeReportSignatureOffset(), ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(new Row(v, "QE auth data first", o.qeAuthDataOffset(), ErrorCode.QE_REPORT_DATA_MISMATCH));
      rows.add(new Row(v, "QE auth data last", o.qeAuthDataOffset() + o.qeAuthDataSize() - 1, ErrorCode.QE_REPORT_DATA_MISMATCH));
      // PEM chain: swap one base64 character for another inside each certificate's body.
      String pem = new String(q.signatureData().certificationData().toByteArray(), StandardCharsets.US_ASCII);
      int c = o.certificationDataOffset();
      int[] blockStarts = blockStarts(pem);
      rows.add(new Row(v, "PCK leaf body", c + base64Pos(pem, blockStarts[0] + 600), ErrorCode.PCK_CHAIN_INVALID));
      rows.add(new Row(v, "PCK leaf signature", c + base64Pos(pem, pem.indexOf("-----END", blockStarts[0]) - 20), ErrorCode.PCK_CHAIN_INVALID));
      rows.add(new Row(v, "PCK CA body", c + base64Pos(pem, blockStarts[1] + 300), ErrorCode.PCK_CHAIN_INVALID));
      rows.add(new Row(v, "root certificate", c + base64Pos(pem, blockStarts[2] + 300), ErrorCode.TRUST_ANCHOR_MISMATCH));
    }
    return rows.stream();
  }

  static int[] blockStarts(String pem) {
    int a = pem.indexOf("-----BEGIN");
    int b = pem.indexOf("-----BEGIN", a + 1);
    int c = pem.indexOf("-----BEGIN", b + 1);
    return new int[] {a + 30, b + 30, c + 30};
  }

  /** The first base64 letter at or after {@code i} (skipping line breaks). */
  static int base64Pos(String pem, int i) {
    while (!Character.isLetterOrDigit(pem.charAt(i))) {
      i++;
    }
    return i;
  }

  static byte[] flip(byte[] quote, Row r, String pemOrNull) {
    byte[] m = quote.clone();
    int c = m[r.offset()] & 0xFF;
    if (r.field().startsWith("PCK") || r.field().startsWith("root")) {
      // Keep the PEM valid base64 so the failure comes from the certificate, not the parser.
      m[r.offset()] = (byte) (c == 'A' ? 'B' : 'A');
    } else {
      m[r.offset()] = (byte) (c ^ 0x01);
    }
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quoteRows")
  void verify_quoteByteFlipped_specificError(Row r) throws Exception {
    byte[] m = flip(TdxVectors.quote(r.vector()), r, null);
    assertThat(VerifierFixtures.code(INTEL, m, VerifierFixtures.json(r.vector()), TdxVectors.verifyAt(r.vector())))
        .isEqualTo(r.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quoteRows")
  void verifyWithoutCollateral_quoteByteFlipped_specificError(Row r) throws Exception {
    byte[] m = flip(TdxVectors.quote(r.vector()), r, null);
    try {
      INTEL.verifyWithoutCollateral(m, TdxVectors.verifyAt(r.vector()));
      throw new AssertionError("flip at " + r + " was accepted");
    } catch (io.replicatoor.core.ReplicatoorException e) {
      assertThat(e.errorCode()).isEqualTo(r.expected());
    }
  }

  @Test
  void verify_everySignedBodyByteFlipped_quoteSignatureInvalid() throws Exception {
    String v = TdxVectors.V04;
    byte[] raw = TdxVectors.quote(v);
    Quote q = Quote.parse(raw);
    Collateral c = VerifierFixtures.json(v);
    Instant t = TdxVectors.verifyAt(v);
    for (int i = q.offsets().bodyOffset(); i < q.signedLength(); i++) {
      byte[] m = raw.clone();
      m[i] ^= (byte) 0x80;
      assertThat(VerifierFixtures.code(INTEL, m, c, t)).as("offset %d", i).isEqualTo(ErrorCode.QUOTE_SIGNATURE_INVALID);
    }
  }

  // ---- collateral flips ---------------------------------------------------------------------

  record CRow(String name, java.util.function.Function<Collateral, Collateral> mutate, ErrorCode expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Collateral with(Collateral c, String part, Bytes value) {
    try {
      return Collateral.of(
          part.equals("pckCrlIssuerChain") ? value : c.pckCrlIssuerChain(),
          part.equals("rootCaCrl") ? value : c.rootCaCrl(),
          part.equals("pckCrl") ? value : c.pckCrl(),
          part.equals("tcbInfoIssuerChain") ? value : c.tcbInfoIssuerChain(),
          part.equals("tcbInfo") ? value : c.tcbInfo(),
          part.equals("tcbInfoSignature") ? value : c.tcbInfoSignature(),
          part.equals("qeIdentityIssuerChain") ? value : c.qeIdentityIssuerChain(),
          part.equals("qeIdentity") ? value : c.qeIdentity(),
          part.equals("qeIdentitySignature") ? value : c.qeIdentitySignature(),
          Optional.empty());
    } catch (io.replicatoor.core.ReplicatoorException e) {
      throw new AssertionError(e);
    }
  }

  static Bytes flipAt(Bytes b, int i) {
    byte[] x = b.toByteArray();
    x[i] ^= 0x01;
    return Bytes.of(x);
  }

  static Bytes replaceText(Bytes b, String from, String to) {
    String s = VerifierFixtures.utf8(b.toByteArray());
    if (!s.contains(from)) {
      throw new AssertionError("text not found: " + from);
    }
    return Bytes.of(s.replaceFirst(java.util.regex.Pattern.quote(from), to).getBytes(StandardCharsets.UTF_8));
  }

  static Stream<CRow> collateralRows() {
    return Stream.of(
        new CRow("tcbInfo: one digit of tcbEvaluationDataNumber", c -> with(c, "tcbInfo", replaceText(c.tcbInfo(), "\"tcbEvaluationDataNumber\":17", "\"tcbEvaluationDataNumber\":18")), ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow("tcbInfo: status string", c -> with(c, "tcbInfo", replaceText(c.tcbInfo(), "\"OutOfDate\"", "\"UpToDate\"")), ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow("tcbInfo: a space added", c -> with(c, "tcbInfo", replaceText(c.tcbInfo(), "\"version\":3", "\"version\": 3")), ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow("tcbInfo signature r", c -> with(c, "tcbInfoSignature", flipAt(c.tcbInfoSignature(), 0)), ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow("tcbInfo signature s", c -> with(c, "tcbInfoSignature", flipAt(c.tcbInfoSignature(), 63)), ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow("qeIdentity: isvprodid", c -> with(c, "qeIdentity", replaceText(c.qeIdentity(), "\"isvprodid\":2", "\"isvprodid\":3")), ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow("qeIdentity signature", c -> with(c, "qeIdentitySignature", flipAt(c.qeIdentitySignature(), 10)), ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow("PCK CRL signature byte", c -> with(c, "pckCrl", flipAt(c.pckCrl(), c.pckCrl().length() - 3)), ErrorCode.CRL_INVALID),
        new CRow("PCK CRL entry byte", c -> with(c, "pckCrl", flipAt(c.pckCrl(), 200)), ErrorCode.CRL_INVALID),
        new CRow("root CA CRL signature byte", c -> with(c, "rootCaCrl", flipAt(c.rootCaCrl(), c.rootCaCrl().length() - 3)), ErrorCode.CRL_INVALID),
        new CRow("root CA CRL not DER", c -> with(c, "rootCaCrl", Bytes.of(new byte[] {0x30, 0x03, 1, 2, 3})), ErrorCode.CRL_INVALID),
        new CRow("TCB info issuer chain: signing cert body", c -> with(c, "tcbInfoIssuerChain", pemFlip(c.tcbInfoIssuerChain(), 0)), ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow("TCB info issuer chain: root", c -> with(c, "tcbInfoIssuerChain", pemFlip(c.tcbInfoIssuerChain(), 1)), ErrorCode.TRUST_ANCHOR_MISMATCH),
        new CRow("QE identity issuer chain: signing cert body", c -> with(c, "qeIdentityIssuerChain", pemFlip(c.qeIdentityIssuerChain(), 0)), ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow("PCK CRL issuer chain: CA body", c -> with(c, "pckCrlIssuerChain", pemFlip(c.pckCrlIssuerChain(), 0)), ErrorCode.CRL_INVALID),
        new CRow("PCK CRL issuer chain: root", c -> with(c, "pckCrlIssuerChain", pemFlip(c.pckCrlIssuerChain(), 1)), ErrorCode.TRUST_ANCHOR_MISMATCH),
        new CRow("TCB info issuer chain: only the root", c -> with(c, "tcbInfoIssuerChain", onlyBlock(c.tcbInfoIssuerChain(), 1)), ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow("TCB info signed by the PCK CA chain", c -> with(c, "tcbInfoIssuerChain", c.pckCrlIssuerChain()), ErrorCode.COLLATERAL_SIGNATURE_INVALID));
  }

  static Bytes pemFlip(Bytes pemBytes, int block) {
    String pem = VerifierFixtures.utf8(pemBytes.toByteArray());
    int[] starts = blockStarts(pem + "-----BEGIN");
    int i = base64Pos(pem, starts[block] + 300);
    char[] ch = pem.toCharArray();
    ch[i] = ch[i] == 'A' ? 'B' : 'A';
    return Bytes.of(new String(ch).getBytes(StandardCharsets.US_ASCII));
  }

  static Bytes onlyBlock(Bytes pemBytes, int block) {
    String pem = VerifierFixtures.utf8(pemBytes.toByteArray());
    String[] parts = pem.split("(?=-----BEGIN)");
    return Bytes.of(parts[block].getBytes(StandardCharsets.US_ASCII));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("collateralRows")
  void verify_collateralMutated_specificError(CRow r) throws Exception {
    String v = TdxVectors.V05;
    Collateral c = r.mutate().apply(VerifierFixtures.json(v));
    QuoteVerifier fresh = QuoteVerifier.intelProduction();
    assertThat(VerifierFixtures.code(fresh, TdxVectors.quote(v), c, TdxVectors.verifyAt(v))).isEqualTo(r.expected());
  }
}
