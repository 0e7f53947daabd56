package io.replicatoor.attest.quote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.testing.TdxVectors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Truncation and inconsistency tables (issue section 5; spec section 1 rules). */
class QuoteMalformedTest {

  /** Named field boundaries of a parsed quote (absolute offsets). */
  static Map<String, Integer> boundaries(Quote q) {
    QuoteOffsets o = q.offsets();
    int s = o.signatureDataOffset();
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("empty", 0);
    m.put("inside version", 1);
    m.put("att_key_type", 2);
    m.put("tee_type", 4);
    m.put("reserved", 8);
    m.put("qe_vendor_id", 12);
    m.put("user_data", 28);
    m.put("header end / descriptor or body", 48);
    if (q.version() == 5) {
      m.put("v5 body_size", 50);
      m.put("v5 body", 54);
    }
    m.put("inside body", o.bodyOffset() + 100);
    m.put("signature_data_len", o.signedLength());
    m.put("quote signature", s);
    m.put("attestation key", s + 64);
    if (q.version() != 3) {
      m.put("outer cert type", s + 128);
      m.put("outer cert size", s + 130);
    }
    m.put("QE report", o.qeReportOffset());
    m.put("QE report signature", o.qeReportSignatureOffset());
    m.put("QE auth size", o.qeAuthDataOffset() - 2);
    m.put("QE auth data", o.qeAuthDataOffset());
    m.put("cert type", o.certificationDataOffset() - 6);
    m.put("cert size", o.certificationDataOffset() - 4);
    m.put("cert data", o.certificationDataOffset());
    m.put("last cert byte", o.signatureDataEnd() - 1);
    return m;
  }

  static Stream<Arguments> truncations() {
    return Stream.concat(TdxVectors.FULL.stream(), TdxVectors.PARSE_ONLY.stream())
        .flatMap(v -> {
          try {
            Quote q = Quote.parse(TdxVectors.quote(v));
            return boundaries(q).entrySet().stream()
                .map(e -> Arguments.of(v, e.getKey(), e.getValue()));
          } catch (QuoteFormatException e) {
            throw new AssertionError(e);
          }
        });
  }

  @ParameterizedTest(name = "{0} cut at {1} ({2})")
  @MethodSource("truncations")
  void parse_truncatedAtFieldBoundary_quoteMalformed(String vector, String field, int cut) {
    byte[] raw = Arrays.copyOf(TdxVectors.quote(vector), cut);
    assertThatThrownBy(() -> Quote.parse(raw))
        .isInstanceOf(QuoteFormatException.class)
        .satisfies(e ->
            assertThat(((QuoteFormatException) e).errorCode()).isEqualTo(ErrorCode.QUOTE_MALFORMED))
        .hasMessageContaining("offset");
  }

  @Test
  void parse_truncatedAtEveryByte_onlyQuoteFormatException() throws Exception {
    for (String v : TdxVectors.FULL) {
      byte[] raw = TdxVectors.quote(v);
      int end = Quote.parse(raw).offsets().signatureDataEnd();
      for (int cut = 0; cut < end; cut++) {
        assertThat(QuoteParserTest.code(Arrays.copyOf(raw, cut)))
            .as("%s cut at %d", v, cut)
            .isEqualTo(ErrorCode.QUOTE_MALFORMED);
      }
      assertThat(QuoteParserTest.code(Arrays.copyOf(raw, end))).isNull();
    }
  }

  @Test
  void parse_everySingleByteFlip_neverUncheckedException() {
    byte[] raw = TdxVectors.quote(TdxVectors.V04);
    for (int i = 0; i < raw.length; i++) {
      byte[] m = raw.clone();
      m[i] ^= (byte) 0xFF;
      try {
        Quote.parse(m);
      } catch (QuoteFormatException e) {
        assertThat(e.errorCode()).isIn(ErrorCode.QUOTE_MALFORMED, ErrorCode.QUOTE_UNSUPPORTED);
      }
    }
  }

  static byte[] v01() {
    return TdxVectors.quote(TdxVectors.V01);
  }

  static byte[] put16(byte[] b, int off, int v) {
    byte[] c = b.clone();
    ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putShort(off, (short) v);
    return c;
  }

  static byte[] put32(byte[] b, int off, long v) {
    byte[] c = b.clone();
    ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(off, (int) v);
    return c;
  }

  static Stream<Arguments> inconsistencies() throws Exception {
    byte[] v4 = v01();
    Quote q = Quote.parse(v4);
    int s = q.offsets().signatureDataOffset();
    byte[] v5 = TdxVectors.quote(TdxVectors.V04);
    byte[] sgx = TdxVectors.quote(TdxVectors.V08);
    byte[] vendor = v4.clone();
    vendor[12] ^= 1;
    return Stream.of(
        Arguments.of("version 2", put16(v4, 0, 2), ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of("version 6", put16(v4, 0, 6), ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of("att key type 3 (P-384)", put16(v4, 2, 3), ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of("tee type 0x80", put32(v4, 4, 0x80), ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of("v3 with TDX tee type", put32(sgx, 4, 0x81), ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of("QE vendor not Intel", vendor, ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of("v5 body type 4", put16(v5, 48, 4), ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of("v5 body type 0", put16(v5, 48, 0), ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of(
            "v5 body type 2 with TD 1.5 size", put16(v5, 48, 2), ErrorCode.QUOTE_MALFORMED),
        Arguments.of("v5 body size 647", put32(v5, 50, 647), ErrorCode.QUOTE_MALFORMED),
        Arguments.of(
            "v5 body type 1 with TDX tee",
            put32(put16(v5, 48, 1), 50, 384),
            ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of(
            "signature_data_len 0xFFFFFFFF",
            put32(v4, 632, 0xFFFFFFFFL),
            ErrorCode.QUOTE_MALFORMED),
        Arguments.of(
            "signature_data_len 0x80000000",
            put32(v4, 632, 0x80000000L),
            ErrorCode.QUOTE_MALFORMED),
        Arguments.of(
            "signature_data_len one short", put32(v4, 632, 4299), ErrorCode.QUOTE_MALFORMED),
        Arguments.of("outer cert type 5", put16(v4, s + 128, 5), ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of("outer size one short", put32(v4, s + 130, 4165), ErrorCode.QUOTE_MALFORMED),
        Arguments.of("outer size one long", put32(v4, s + 130, 4167), ErrorCode.QUOTE_MALFORMED),
        Arguments.of(
            "outer size 0xFFFFFFFF", put32(v4, s + 130, 0xFFFFFFFFL), ErrorCode.QUOTE_MALFORMED),
        Arguments.of(
            "auth size 33 shifts the cert type", put16(v4, 1218, 33), ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of("auth size 4000", put16(v4, 1218, 4000), ErrorCode.QUOTE_MALFORMED),
        Arguments.of("auth size 0xFFFF", put16(v4, 1218, 0xFFFF), ErrorCode.QUOTE_MALFORMED),
        Arguments.of("inner cert type 2", put16(v4, 1252, 2), ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of("inner cert type 7", put16(v4, 1252, 7), ErrorCode.QUOTE_UNSUPPORTED),
        Arguments.of("inner size one short", put32(v4, 1254, 3677), ErrorCode.QUOTE_MALFORMED),
        Arguments.of(
            "inner size 0x7FFFFFFF", put32(v4, 1254, 0x7FFFFFFFL), ErrorCode.QUOTE_MALFORMED),
        Arguments.of(
            "PEM garbage byte", pemMutation(v4, 1258 + 5, (byte) '#'), ErrorCode.QUOTE_MALFORMED),
        Arguments.of(
            "PEM two NULs at end",
            pemMutation(v4, 1258 + 3676, (byte) 0),
            ErrorCode.QUOTE_MALFORMED),
        Arguments.of(
            "PEM bad base64", pemMutation(v4, 1258 + 100, (byte) '*'), ErrorCode.QUOTE_MALFORMED),
        Arguments.of(
            "quote over 64 KiB",
            Arrays.copyOf(v4, QuoteLayout.MAX_QUOTE_SIZE + 1),
            ErrorCode.QUOTE_MALFORMED));
  }

  static byte[] pemMutation(byte[] b, int off, byte v) {
    byte[] c = b.clone();
    c[off] = v;
    return c;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inconsistencies")
  void parse_inconsistentField_specificCode(String name, byte[] quote, ErrorCode expected) {
    assertThat(QuoteParserTest.code(quote)).isEqualTo(expected);
  }

  @Test
  void parse_chainWithFourCertificates_malformed() throws Exception {
    Quote q = Quote.parse(v01());
    String pem =
        new String(q.signatureData().certificationData().toByteArray(), StandardCharsets.US_ASCII)
            .replace("\0", "");
    int firstEnd =
        pem.indexOf("-----END CERTIFICATE-----") + "-----END CERTIFICATE-----\n".length();
    String four = pem + pem.substring(0, firstEnd);
    assertThat(PemChain.split(four.getBytes(StandardCharsets.US_ASCII), true)).hasSize(4);
    assertThatThrownBy(() -> PemChain.split("junk".getBytes(StandardCharsets.US_ASCII), true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_null_malformed() {
    assertThat(QuoteParserTest.code(null)).isEqualTo(ErrorCode.QUOTE_MALFORMED);
  }
}
