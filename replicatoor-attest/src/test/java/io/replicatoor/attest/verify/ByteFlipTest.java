package io.replicatoor.attest.verify;

import static io.replicatoor.attest.verify.VerifierFixtures.INTEL;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.attest.quote.DerTlv;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.quote.QuoteFormatException;
import io.replicatoor.attest.quote.QuoteLayout;
import io.replicatoor.attest.quote.QuoteOffsets;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.testing.TdxVectors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Byte-flip tables (spec 11.3, issue section 5): one row per named offset, each with its code. */
class ByteFlipTest {
  static final List<String> TABLE_VECTORS =
      List.of(TdxVectors.V01, TdxVectors.V04, TdxVectors.V05, TdxVectors.V08);

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
      rows.add(
          new Row(
              v,
              "header reserved",
              QuoteLayout.HEADER_RESERVED_OFFSET,
              ErrorCode.QUOTE_SIGNATURE_INVALID));
      rows.add(
          new Row(
              v,
              "header user_data",
              QuoteLayout.HEADER_USER_DATA_OFFSET,
              ErrorCode.QUOTE_SIGNATURE_INVALID));
      rows.add(
          new Row(
              v,
              "header user_data end",
              QuoteLayout.HEADER_SIZE - 1,
              ErrorCode.QUOTE_SIGNATURE_INVALID));
      if (q.isTdx()) {
        rows.add(
            new Row(
                v,
                "TEE_TCB_SVN",
                b + QuoteLayout.TD_TEE_TCB_SVN_REL,
                ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(
            new Row(v, "MRSEAM", b + QuoteLayout.TD_MRSEAM_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(
            new Row(
                v,
                "MRSIGNERSEAM",
                b + QuoteLayout.TD_MRSIGNERSEAM_REL,
                ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(
            new Row(
                v,
                "SEAMATTRIBUTES",
                b + QuoteLayout.TD_SEAMATTRIBUTES_REL,
                ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(
            new Row(
                v,
                "TDATTRIBUTES",
                b + QuoteLayout.TD_TDATTRIBUTES_REL,
                ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(
            new Row(v, "XFAM", b + QuoteLayout.TD_XFAM_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(
            new Row(v, "MRTD", b + QuoteLayout.TD_MRTD_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(
            new Row(
                v,
                "MRCONFIGID",
                b + QuoteLayout.TD_MRCONFIGID_REL,
                ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(
            new Row(
                v, "MROWNER", b + QuoteLayout.TD_MROWNER_REL, ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(
            new Row(
                v,
                "MROWNERCONFIG",
                b + QuoteLayout.TD_MROWNERCONFIG_REL,
                ErrorCode.QUOTE_SIGNATURE_INVALID));
        for (int i = 0; i < 4; i++) {
          rows.add(
              new Row(
                  v,
                  "RTMR" + i,
                  b + QuoteLayout.TD_RTMR0_REL + i * 48,
                  ErrorCode.QUOTE_SIGNATURE_INVALID));
        }
        rows.add(
            new Row(
                v,
                "REPORTDATA",
                b + QuoteLayout.TD_REPORTDATA_REL,
                ErrorCode.QUOTE_SIGNATURE_INVALID));
        if (q.bodyType() == QuoteLayout.BODY_TYPE_TD15) {
          rows.add(
              new Row(
                  v,
                  "TEE_TCB_SVN2",
                  b + QuoteLayout.TD15_TEE_TCB_SVN2_REL,
                  ErrorCode.QUOTE_SIGNATURE_INVALID));
          rows.add(
              new Row(
                  v,
                  "MRSERVICETD",
                  b + QuoteLayout.TD15_MRSERVICETD_REL,
                  ErrorCode.QUOTE_SIGNATURE_INVALID));
        }
      } else {
        rows.add(
            new Row(
                v,
                "enclave MRENCLAVE",
                b + QuoteLayout.SGX_MRENCLAVE_REL,
                ErrorCode.QUOTE_SIGNATURE_INVALID));
        rows.add(
            new Row(
                v,
                "enclave REPORTDATA",
                b + QuoteLayout.SGX_REPORTDATA_REL,
                ErrorCode.QUOTE_SIGNATURE_INVALID));
      }
      rows.add(
          new Row(v, "last signed byte", o.signedLength() - 1, ErrorCode.QUOTE_SIGNATURE_INVALID));
      rows.add(new Row(v, "quote signature r", s, ErrorCode.QUOTE_SIGNATURE_INVALID));
      rows.add(new Row(v, "quote signature s", s + 63, ErrorCode.QUOTE_SIGNATURE_INVALID));
      rows.add(new Row(v, "attestation key x", s + 64, ErrorCode.ATTESTATION_KEY_INVALID));
      rows.add(new Row(v, "attestation key y", s + 127, ErrorCode.ATTESTATION_KEY_INVALID));
      int qe = o.qeReportOffset();
      rows.add(
          new Row(
              v,
              "QE CPUSVN",
              qe + QuoteLayout.SGX_CPUSVN_REL,
              ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(
          new Row(
              v,
              "QE MISCSELECT",
              qe + QuoteLayout.SGX_MISCSELECT_REL,
              ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(
          new Row(
              v,
              "QE ATTRIBUTES",
              qe + QuoteLayout.SGX_ATTRIBUTES_REL,
              ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(
          new Row(
              v,
              "QE MRENCLAVE",
              qe + QuoteLayout.SGX_MRENCLAVE_REL,
              ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(
          new Row(
              v,
              "QE MRSIGNER",
              qe + QuoteLayout.SGX_MRSIGNER_REL,
              ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(
          new Row(
              v,
              "QE ISVPRODID",
              qe + QuoteLayout.SGX_ISVPRODID_REL,
              ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(
          new Row(
              v,
              "QE ISVSVN",
              qe + QuoteLayout.SGX_ISVSVN_REL,
              ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(
          new Row(
              v,
              "QE REPORTDATA",
              qe + QuoteLayout.SGX_REPORTDATA_REL,
              ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(
          new Row(
              v,
              "QE REPORTDATA upper half",
              qe + QuoteLayout.SGX_REPORTDATA_REL + 40,
              ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(
          new Row(
              v,
              "QE report signature",
              o.qeReportSignatureOffset(),
              ErrorCode.QE_REPORT_SIGNATURE_INVALID));
      rows.add(
          new Row(
              v, "QE auth data first", o.qeAuthDataOffset(), ErrorCode.QE_REPORT_DATA_MISMATCH));
      rows.add(
          new Row(
              v,
              "QE auth data last",
              o.qeAuthDataOffset() + o.qeAuthDataSize() - 1,
              ErrorCode.QE_REPORT_DATA_MISMATCH));
      // PEM chain: swap one base64 character for another inside each certificate's body.
      String pem =
          new String(
              q.signatureData().certificationData().toByteArray(), StandardCharsets.US_ASCII);
      int c = o.certificationDataOffset();
      int[] blockStarts = blockStarts(pem);
      rows.add(
          new Row(
              v,
              "PCK leaf body",
              c + base64Pos(pem, blockStarts[0] + 600),
              ErrorCode.PCK_CHAIN_INVALID));
      rows.add(
          new Row(
              v,
              "PCK leaf signature",
              c + base64Pos(pem, pem.indexOf("-----END", blockStarts[0]) - 20),
              ErrorCode.PCK_CHAIN_INVALID));
      rows.add(
          new Row(
              v,
              "PCK CA body",
              c + base64Pos(pem, blockStarts[1] + 300),
              ErrorCode.PCK_CHAIN_INVALID));
      rows.add(
          new Row(
              v,
              "root certificate",
              c + base64Pos(pem, blockStarts[2] + 300),
              ErrorCode.TRUST_ANCHOR_MISMATCH));
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
    assertThat(
            VerifierFixtures.code(
                INTEL, m, VerifierFixtures.json(r.vector()), TdxVectors.verifyAt(r.vector())))
        .isEqualTo(r.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quoteRows")
  void verifyWithoutCollateral_quoteByteFlipped_specificError(Row r) throws Exception {
    byte[] m = flip(TdxVectors.quote(r.vector()), r, null);
    try {
      INTEL.verifyWithoutCollateral(m, TdxVectors.verifyAt(r.vector()));
      throw new AssertionError("flip at " + r + " was accepted");
    } catch (ReplicatoorException e) {
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
      assertThat(VerifierFixtures.code(INTEL, m, c, t))
          .as("offset %d", i)
          .isEqualTo(ErrorCode.QUOTE_SIGNATURE_INVALID);
    }
  }

  // ---- collateral flips ---------------------------------------------------------------------

  record CRow(String name, Function<Collateral, Collateral> mutate, ErrorCode expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Collateral with(Collateral c, String part, Bytes value) {
    try {
      return new Collateral(
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
    } catch (ReplicatoorException e) {
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
    return Bytes.of(s.replaceFirst(Pattern.quote(from), to).getBytes(StandardCharsets.UTF_8));
  }

  static Stream<CRow> collateralRows() {
    return Stream.of(
        new CRow(
            "tcbInfo: one digit of tcbEvaluationDataNumber",
            c ->
                with(
                    c,
                    "tcbInfo",
                    replaceText(
                        c.tcbInfo(),
                        "\"tcbEvaluationDataNumber\":17",
                        "\"tcbEvaluationDataNumber\":18")),
            ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow(
            "tcbInfo: status string",
            c -> with(c, "tcbInfo", replaceText(c.tcbInfo(), "\"OutOfDate\"", "\"UpToDate\"")),
            ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow(
            "tcbInfo: a space added",
            c -> with(c, "tcbInfo", replaceText(c.tcbInfo(), "\"version\":3", "\"version\": 3")),
            ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow(
            "tcbInfo signature r",
            c -> with(c, "tcbInfoSignature", flipAt(c.tcbInfoSignature(), 0)),
            ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow(
            "tcbInfo signature s",
            c -> with(c, "tcbInfoSignature", flipAt(c.tcbInfoSignature(), 63)),
            ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow(
            "qeIdentity: isvprodid",
            c ->
                with(
                    c,
                    "qeIdentity",
                    replaceText(c.qeIdentity(), "\"isvprodid\":2", "\"isvprodid\":3")),
            ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow(
            "qeIdentity signature",
            c -> with(c, "qeIdentitySignature", flipAt(c.qeIdentitySignature(), 10)),
            ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow(
            "PCK CRL signature byte",
            c -> with(c, "pckCrl", flipAt(c.pckCrl(), c.pckCrl().length() - 3)),
            ErrorCode.CRL_INVALID),
        new CRow(
            "PCK CRL entry byte",
            c -> with(c, "pckCrl", flipAt(c.pckCrl(), 200)),
            ErrorCode.CRL_INVALID),
        new CRow(
            "root CA CRL signature byte",
            c -> with(c, "rootCaCrl", flipAt(c.rootCaCrl(), c.rootCaCrl().length() - 3)),
            ErrorCode.CRL_INVALID),
        new CRow(
            "root CA CRL not DER",
            c -> with(c, "rootCaCrl", Bytes.of(new byte[] {0x30, 0x03, 1, 2, 3})),
            ErrorCode.CRL_INVALID),
        new CRow(
            "TCB info issuer chain: signing cert body",
            c -> with(c, "tcbInfoIssuerChain", pemFlip(c.tcbInfoIssuerChain(), 0)),
            ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow(
            "TCB info issuer chain: root",
            c -> with(c, "tcbInfoIssuerChain", pemFlip(c.tcbInfoIssuerChain(), 1)),
            ErrorCode.TRUST_ANCHOR_MISMATCH),
        new CRow(
            "QE identity issuer chain: signing cert body",
            c -> with(c, "qeIdentityIssuerChain", pemFlip(c.qeIdentityIssuerChain(), 0)),
            ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow(
            "PCK CRL issuer chain: CA body",
            c -> with(c, "pckCrlIssuerChain", pemFlip(c.pckCrlIssuerChain(), 0)),
            ErrorCode.CRL_INVALID),
        new CRow(
            "PCK CRL issuer chain: root",
            c -> with(c, "pckCrlIssuerChain", pemFlip(c.pckCrlIssuerChain(), 1)),
            ErrorCode.TRUST_ANCHOR_MISMATCH),
        new CRow(
            "TCB info issuer chain: only the root",
            c -> with(c, "tcbInfoIssuerChain", onlyBlock(c.tcbInfoIssuerChain(), 1)),
            ErrorCode.COLLATERAL_SIGNATURE_INVALID),
        new CRow(
            "TCB info signed by the PCK CA chain",
            c -> with(c, "tcbInfoIssuerChain", c.pckCrlIssuerChain()),
            ErrorCode.COLLATERAL_SIGNATURE_INVALID));
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
    assertThat(VerifierFixtures.code(fresh, TdxVectors.quote(v), c, TdxVectors.verifyAt(v)))
        .isEqualTo(r.expected());
  }

  // ---- strict DER (issue 12 section 1): mutants the JDK accepts, named after the mutant --------

  /** A mutant of a vector's quote and/or collateral that must be rejected with {@code expected}. */
  record DerRow(
      String name,
      String vector,
      UnaryOperator<byte[]> quote,
      UnaryOperator<Collateral> collateral,
      ErrorCode expected) {
    @Override
    public String toString() {
      return vector.substring(0, 3) + " " + name;
    }
  }

  static final int LEAF = 0;
  static final int CA = 1;
  static final byte[] ONE_ZERO_BYTE = {0x00};

  static Stream<DerRow> strictDerRows() {
    UnaryOperator<Collateral> same = c -> c;
    UnaryOperator<byte[]> sameQuote = q -> q;
    ErrorCode pck = ErrorCode.PCK_CHAIN_INVALID;
    ErrorCode crl = ErrorCode.CRL_INVALID;
    ErrorCode sig = ErrorCode.COLLATERAL_SIGNATURE_INVALID;
    return Stream.of(
        // PEM padding '=' flipped to '9' / '5' (0x3D ^ 0x04 / ^ 0x08): canonical base64 of the
        // DER plus one byte that does not start with 0x30.
        new DerRow(
            "PCK leaf PEM padding '=' -> '9'",
            TdxVectors.V05,
            q -> quotePem(q, p -> padFlip(p, LEAF, '9')),
            same,
            pck),
        new DerRow(
            "PCK leaf PEM padding '=' -> '5'",
            TdxVectors.V05,
            q -> quotePem(q, p -> padFlip(p, LEAF, '5')),
            same,
            pck),
        new DerRow(
            "PCK leaf PEM padding '=' -> '9'",
            TdxVectors.V08,
            q -> quotePem(q, p -> padFlip(p, LEAF, '9')),
            same,
            pck),
        new DerRow(
            "PCK CA PEM padding '=' -> '9'",
            TdxVectors.V08,
            q -> quotePem(q, p -> padFlip(p, CA, '9')),
            same,
            pck),
        new DerRow(
            "PCK CA PEM padding '=' -> '5'",
            TdxVectors.V08,
            q -> quotePem(q, p -> padFlip(p, CA, '5')),
            same,
            pck),
        new DerRow(
            "PCK CRL issuer chain: CA PEM padding '=' -> '9'",
            TdxVectors.V08,
            sameQuote,
            c ->
                with(
                    c,
                    "pckCrlIssuerChain",
                    pemText(c.pckCrlIssuerChain(), p -> padFlip(p, 0, '9'))),
            crl),
        // Bytes after the DER (the quote's lengths rewritten to match).
        new DerRow(
            "PCK leaf + 0x00 after the DER",
            TdxVectors.V01,
            q -> quotePem(q, p -> appendToDer(p, LEAF, ONE_ZERO_BYTE)),
            same,
            pck),
        new DerRow(
            "PCK CA + 0x000000 after the DER",
            TdxVectors.V01,
            q -> quotePem(q, p -> appendToDer(p, CA, new byte[3])),
            same,
            pck),
        new DerRow(
            "PCK CA + 0x00 after the DER",
            TdxVectors.V08,
            q -> quotePem(q, p -> appendToDer(p, CA, ONE_ZERO_BYTE)),
            same,
            pck),
        new DerRow(
            "TCB info issuer chain: TCB Signing + 0x00 after the DER",
            TdxVectors.V01,
            sameQuote,
            c ->
                with(
                    c,
                    "tcbInfoIssuerChain",
                    pemText(c.tcbInfoIssuerChain(), p -> appendToDer(p, 0, ONE_ZERO_BYTE))),
            sig),
        new DerRow(
            "QE identity issuer chain: TCB Signing + 0x00 after the DER",
            TdxVectors.V01,
            sameQuote,
            c ->
                with(
                    c,
                    "qeIdentityIssuerChain",
                    pemText(c.qeIdentityIssuerChain(), p -> appendToDer(p, 0, ONE_ZERO_BYTE))),
            sig),
        new DerRow(
            "PCK CRL issuer chain: CA + 0x00 after the DER",
            TdxVectors.V05,
            sameQuote,
            c ->
                with(
                    c,
                    "pckCrlIssuerChain",
                    pemText(c.pckCrlIssuerChain(), p -> appendToDer(p, 0, ONE_ZERO_BYTE))),
            crl),
        new DerRow(
            "root CA CRL + 0x00 after the DER",
            TdxVectors.V01,
            sameQuote,
            c -> with(c, "rootCaCrl", concat(c.rootCaCrl(), ONE_ZERO_BYTE)),
            crl),
        new DerRow(
            "PCK CRL + 0x00 after the DER",
            TdxVectors.V05,
            sameQuote,
            c -> with(c, "pckCrl", concat(c.pckCrl(), ONE_ZERO_BYTE)),
            crl),
        new DerRow(
            "PCK CRL + 0x0a0a after the DER",
            TdxVectors.V08,
            sameQuote,
            c -> with(c, "pckCrl", concat(c.pckCrl(), new byte[] {0x0a, 0x0a})),
            crl),
        // Signature BIT STRING unused-bits count flipped where the cleared padding bits are already
        // zero (the JDK then verifies the same signature).
        new DerRow(
            "PCK leaf signature BIT STRING unused bits 1",
            TdxVectors.V05,
            q -> quotePem(q, p -> unusedBits(p, LEAF, 1)),
            same,
            pck),
        new DerRow(
            "PCK leaf signature BIT STRING unused bits 1",
            TdxVectors.V08,
            q -> quotePem(q, p -> unusedBits(p, LEAF, 1)),
            same,
            pck),
        new DerRow(
            "PCK CA signature BIT STRING unused bits 1",
            TdxVectors.V01,
            q -> quotePem(q, p -> unusedBits(p, CA, 1)),
            same,
            pck),
        new DerRow(
            "PCK CA signature BIT STRING unused bits 1",
            TdxVectors.V05,
            q -> quotePem(q, p -> unusedBits(p, CA, 1)),
            same,
            pck),
        new DerRow(
            "PCK CRL issuer chain: CA signature BIT STRING unused bits 1",
            TdxVectors.V01,
            sameQuote,
            c ->
                with(
                    c,
                    "pckCrlIssuerChain",
                    pemText(c.pckCrlIssuerChain(), p -> unusedBits(p, 0, 1))),
            crl),
        new DerRow(
            "PCK CRL signature BIT STRING unused bits 1",
            TdxVectors.V08,
            sameQuote,
            c -> with(c, "pckCrl", Bytes.of(withUnusedBits(c.pckCrl().toByteArray(), 1))),
            crl),
        new DerRow(
            "PCK CRL signature BIT STRING unused bits 2",
            TdxVectors.V08,
            sameQuote,
            c -> with(c, "pckCrl", Bytes.of(withUnusedBits(c.pckCrl().toByteArray(), 2))),
            crl));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strictDerRows")
  void verify_strictDerMutant_rejected(DerRow r) throws Exception {
    byte[] quote = r.quote().apply(TdxVectors.quote(r.vector()));
    Collateral c = r.collateral().apply(VerifierFixtures.json(r.vector()));
    QuoteVerifier fresh = QuoteVerifier.intelProduction();
    assertThat(VerifierFixtures.code(fresh, quote, c, TdxVectors.verifyAt(r.vector())))
        .isEqualTo(r.expected());
    // The shared verifier (warm caches) gives the same answer.
    assertThat(VerifierFixtures.code(INTEL, quote, c, TdxVectors.verifyAt(r.vector())))
        .isEqualTo(r.expected());
  }

  /** The rows that mutate the quote (the others mutate collateral only). */
  static Stream<DerRow> strictDerQuoteRows() {
    return strictDerRows()
        .filter(r ->
            !Arrays.equals(
                r.quote().apply(TdxVectors.quote(r.vector())), TdxVectors.quote(r.vector())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strictDerQuoteRows")
  void verifyWithoutCollateral_strictDerQuoteMutant_rejected(DerRow r) throws Exception {
    byte[] quote = r.quote().apply(TdxVectors.quote(r.vector()));
    try {
      QuoteVerifier.intelProduction()
          .verifyWithoutCollateral(quote, TdxVectors.verifyAt(r.vector()));
      throw new AssertionError(r + " was accepted");
    } catch (ReplicatoorException e) {
      assertThat(e.errorCode()).isEqualTo(r.expected());
    }
  }

  @Test
  void strictDerMutants_changeTheBytes_andParse() throws Exception {
    // Guards the table itself: every mutant differs from its vector and still parses, so the
    // rejection comes from the certificate or CRL rule, not from the quote parser.
    for (DerRow r : strictDerRows().toList()) {
      byte[] q0 = TdxVectors.quote(r.vector());
      byte[] q = r.quote().apply(q0);
      Collateral c0 = VerifierFixtures.json(r.vector());
      Collateral c = r.collateral().apply(c0);
      assertThat(!Arrays.equals(q0, q) || !c.contentHash().equals(c0.contentHash()))
          .as(r.toString())
          .isTrue();
      Quote.parse(q);
    }
  }

  /** Applies {@code edit} to the quote's PEM text and rewrites the three enclosing lengths. */
  static byte[] quotePem(byte[] quote, UnaryOperator<String> edit) {
    Quote q;
    try {
      q = Quote.parse(quote);
    } catch (QuoteFormatException e) {
      throw new AssertionError(e);
    }
    QuoteOffsets o = q.offsets();
    String pem =
        new String(
            q.signatureData().certificationData().toByteArray(), StandardCharsets.ISO_8859_1);
    byte[] edited = edit.apply(pem).getBytes(StandardCharsets.ISO_8859_1);
    int delta = edited.length - o.certificationDataSize();
    int certEnd = o.certificationDataOffset() + o.certificationDataSize();
    byte[] out = new byte[quote.length + delta];
    System.arraycopy(quote, 0, out, 0, o.certificationDataOffset());
    System.arraycopy(edited, 0, out, o.certificationDataOffset(), edited.length);
    System.arraycopy(quote, certEnd, out, certEnd + delta, quote.length - certEnd);
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    int certSizeAt = o.certificationDataOffset() - QuoteLayout.CERT_SIZE_SIZE;
    b.putInt(certSizeAt, b.getInt(certSizeAt) + delta);
    b.putInt(o.signedLength(), b.getInt(o.signedLength()) + delta);
    if (q.version() != QuoteLayout.VERSION_3) {
      int outer = o.signatureDataOffset() + QuoteLayout.SIG_OUTER_CERT_SIZE_REL;
      b.putInt(outer, b.getInt(outer) + delta);
    }
    return out;
  }

  static Bytes pemText(Bytes pem, UnaryOperator<String> edit) {
    return Bytes.of(
        edit.apply(new String(pem.toByteArray(), StandardCharsets.ISO_8859_1))
            .getBytes(StandardCharsets.ISO_8859_1));
  }

  static Bytes concat(Bytes a, byte[] b) {
    byte[] x = Arrays.copyOf(a.toByteArray(), a.length() + b.length);
    System.arraycopy(b, 0, x, a.length(), b.length);
    return Bytes.of(x);
  }

  /** [start, end) of the base64 text of PEM block {@code block}. */
  static int[] blockBody(String pem, int block) {
    int at = -1;
    for (int i = 0; i <= block; i++) {
      at = pem.indexOf("-----BEGIN CERTIFICATE-----", at + 1);
      if (at < 0) {
        throw new AssertionError("no PEM block " + block);
      }
    }
    int start = at + "-----BEGIN CERTIFICATE-----".length();
    return new int[] {start, pem.indexOf("-----END CERTIFICATE-----", start)};
  }

  /** Replaces the block's single trailing '=' by {@code to}. */
  static String padFlip(String pem, int block, char to) {
    int[] r = blockBody(pem, block);
    String body = pem.substring(r[0], r[1]).stripTrailing();
    if (!body.endsWith("=") || body.endsWith("==")) {
      throw new AssertionError("block " + block + " does not end with a single '='");
    }
    int at = r[0] + body.length() - 1;
    return pem.substring(0, at) + to + pem.substring(at + 1);
  }

  static byte[] der(String pem, int block) {
    int[] r = blockBody(pem, block);
    return Base64.getMimeDecoder().decode(pem.substring(r[0], r[1]));
  }

  /**
   * Writes {@code der} into block {@code block} keeping the original layout: base64 characters go
   * to the same positions; any extra characters follow the last one.
   */
  static String replaceDer(String pem, int block, byte[] der) {
    int[] r = blockBody(pem, block);
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder body = new StringBuilder(pem.substring(r[0], r[1]));
    int k = 0;
    int last = 0;
    for (int i = 0; i < body.length(); i++) {
      char ch = body.charAt(i);
      if (ch != '\n' && ch != '\r' && ch != ' ' && ch != '\t') {
        if (k >= b64.length()) {
          throw new AssertionError("shorter DER");
        }
        body.setCharAt(i, b64.charAt(k++));
        last = i + 1;
      }
    }
    body.insert(last, b64.substring(k));
    return pem.substring(0, r[0]) + body + pem.substring(r[1]);
  }

  static String appendToDer(String pem, int block, byte[] extra) {
    byte[] d = der(pem, block);
    byte[] x = Arrays.copyOf(d, d.length + extra.length);
    System.arraycopy(extra, 0, x, d.length, extra.length);
    return replaceDer(pem, block, x);
  }

  static String unusedBits(String pem, int block, int bits) {
    return replaceDer(pem, block, withUnusedBits(der(pem, block), bits));
  }

  /**
   * Sets the unused-bits count of the signature BIT STRING of a certificate or CRL; the last
   * signature byte must already have {@code bits} zero low bits, so only the encoding changes.
   */
  static byte[] withUnusedBits(byte[] der, int bits) {
    int bitString = DerTlv.signatureBitString(der);
    int unused = DerTlv.contentOffset(der, bitString);
    if (der[unused] != 0
        || Integer.numberOfTrailingZeros(der[DerTlv.end(der, bitString) - 1] | 0x100) < bits) {
      throw new AssertionError("signature padding bits would not be zero");
    }
    byte[] m = der.clone();
    m[unused] = (byte) bits;
    return m;
  }
}
