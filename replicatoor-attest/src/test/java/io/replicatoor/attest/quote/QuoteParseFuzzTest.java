package io.replicatoor.attest.quote;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.replicatoor.core.ErrorCode;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of {@link Quote#parse} with Jazzer, seeded with every vector quote (the
 * {@code QuoteParseFuzzTestInputs} resources). Without {@code JAZZER_FUZZ} the seeds are replayed
 * as regression tests; the surefire execution {@code fuzz} sets it and fuzzes for {@code
 * maxDuration}.
 *
 * <p>Property: any byte string either parses into a quote whose offsets and lengths agree with the
 * input, or fails with {@link QuoteFormatException} carrying {@code QUOTE_MALFORMED} or {@code
 * QUOTE_UNSUPPORTED}. Any other throwable (index, arithmetic, state errors) is a finding.
 */
class QuoteParseFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void parse_anyBytes_throwsOnlyQuoteFormatException(byte[] data) {
    Quote q;
    try {
      q = Quote.parse(data);
    } catch (QuoteFormatException e) {
      assertThat(e.errorCode()).isIn(ErrorCode.QUOTE_MALFORMED, ErrorCode.QUOTE_UNSUPPORTED);
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertConsistent(q, data);
  }

  /** Every length and offset the parsed quote exposes agrees with the input bytes. */
  static void assertConsistent(Quote q, byte[] data) {
    QuoteOffsets o = q.offsets();
    QuoteSignatureData sd = q.signatureData();
    assertThat(data.length).isLessThanOrEqualTo(QuoteLayout.MAX_QUOTE_SIZE);
    assertThat(q.toByteArray()).isEqualTo(data);

    // Header and body (tdx-quote-verification.md 1.1, 1.2).
    assertThat(o.bodyOffset()).isEqualTo(q.version() == 5 ? 54 : 48);
    assertThat(o.signedLength())
        .isEqualTo(o.bodyOffset() + o.bodySize())
        .isEqualTo(q.signedLength());
    assertThat(q.signedRegion().toByteArray()).isEqualTo(Arrays.copyOf(data, o.signedLength()));
    assertThat(o.bodySize()).isIn(384, 584, 648);
    assertThat(q.isTdx()).isEqualTo(o.bodySize() != 384);

    // Signature data (1.4, 1.7): u32 length, then exactly the declared bytes, then trailing bytes.
    assertThat(o.signatureDataOffset()).isEqualTo(o.signedLength() + 4);
    long declared =
        Integer.toUnsignedLong(
            (data[o.signedLength()] & 0xff)
                | (data[o.signedLength() + 1] & 0xff) << 8
                | (data[o.signedLength() + 2] & 0xff) << 16
                | (data[o.signedLength() + 3] & 0xff) << 24);
    assertThat((long) o.signatureDataEnd() - o.signatureDataOffset()).isEqualTo(declared);
    assertThat(o.signatureDataEnd() + o.trailingBytes()).isEqualTo(data.length);

    assertThat(sd.quoteSignature().length()).isEqualTo(64);
    assertThat(sd.attestationKey().length()).isEqualTo(64);
    assertThat(sd.qeReportBytes().length()).isEqualTo(384);
    assertThat(sd.qeReportSignature().length()).isEqualTo(64);
    assertThat(sd.qeReportBytes().toByteArray())
        .isEqualTo(Arrays.copyOfRange(data, o.qeReportOffset(), o.qeReportOffset() + 384));
    assertThat(o.qeReportSignatureOffset()).isEqualTo(o.qeReportOffset() + 384);
    assertThat(sd.qeReportSignature().toByteArray())
        .isEqualTo(
            Arrays.copyOfRange(
                data, o.qeReportSignatureOffset(), o.qeReportSignatureOffset() + 64));
    assertThat(o.qeAuthDataOffset()).isEqualTo(o.qeReportSignatureOffset() + 64 + 2);
    assertThat(sd.qeAuthData().length()).isEqualTo(o.qeAuthDataSize());
    assertThat(sd.certificationDataType()).isEqualTo(5);
    assertThat(o.certificationDataOffset())
        .isEqualTo(o.qeAuthDataOffset() + o.qeAuthDataSize() + 2 + 4);
    assertThat(sd.certificationData().length()).isEqualTo(o.certificationDataSize());
    assertThat(sd.certificationData().toByteArray())
        .isEqualTo(
            Arrays.copyOfRange(
                data,
                o.certificationDataOffset(),
                o.certificationDataOffset() + o.certificationDataSize()));
    // The PCK chain ends the signature data exactly (the parser requires it).
    assertThat(o.certificationDataOffset() + o.certificationDataSize())
        .isEqualTo(o.signatureDataEnd());
    assertThat(sd.pckCertificatesDer()).hasSize(3);
  }
}
