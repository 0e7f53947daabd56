package io.replicatoor.attest.quote;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.testing.TdxVectors;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The canonical quote identity (issue 12 section 2): bytes after the declared signature data are
 * accepted and ignored, and nothing that identifies a quote depends on them.
 */
class QuoteIdentityTest {
  static List<String> vectors() {
    return TdxVectors.FULL;
  }

  static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  static byte[] append(byte[] q, byte fill, int n) {
    byte[] longer = Arrays.copyOf(q, q.length + n);
    Arrays.fill(longer, q.length, longer.length, fill);
    return longer;
  }

  @Test
  void canonicalBytes_realDstackQuotes_dropTheirPadding() throws Exception {
    // v01 and v05 carry 70 and 3,065 bytes after the signature data; v04 carries none.
    assertThat(Quote.parse(TdxVectors.quote(TdxVectors.V01)).trailingByteCount()).isEqualTo(70);
    assertThat(Quote.parse(TdxVectors.quote(TdxVectors.V05)).trailingByteCount()).isEqualTo(3065);
    assertThat(Quote.parse(TdxVectors.quote(TdxVectors.V04)).trailingByteCount()).isZero();
    byte[] v05 = TdxVectors.quote(TdxVectors.V05);
    assertThat(Quote.parse(v05).canonicalBytes().length()).isEqualTo(8000 - 3065);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void canonicalBytes_areThePrefixUpToTheDeclaredEnd(String v) throws Exception {
    byte[] raw = TdxVectors.quote(v);
    Quote q = Quote.parse(raw);
    int end = q.offsets().signatureDataEnd();
    assertThat(end + q.trailingByteCount()).isEqualTo(raw.length);
    assertThat(q.canonicalBytes().toByteArray()).isEqualTo(Arrays.copyOf(raw, end));
    assertThat(q.canonicalSha256().toByteArray()).isEqualTo(sha256(Arrays.copyOf(raw, end)));
    // The canonical form is itself a quote without trailing bytes and the same identity.
    Quote c = Quote.parse(q.canonicalBytes().toByteArray());
    assertThat(c.trailingByteCount()).isZero();
    assertThat(c.canonicalBytes()).isEqualTo(q.canonicalBytes());
    assertThat(c).isEqualTo(q).hasSameHashCodeAs(q);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void identity_quotesDifferingOnlyInAppendedBytes_same(String v) throws Exception {
    byte[] raw = TdxVectors.quote(v);
    Quote a = Quote.parse(raw);
    Quote b = Quote.parse(append(raw, (byte) 0xAB, 512));
    Quote c = Quote.parse(append(raw, (byte) 0x30, 1));
    assertThat(b.toByteArray()).isNotEqualTo(a.toByteArray());
    for (Quote other : List.of(b, c)) {
      assertThat(other.canonicalBytes()).isEqualTo(a.canonicalBytes());
      assertThat(other.canonicalSha256()).isEqualTo(a.canonicalSha256());
      assertThat(other).isEqualTo(a).hasSameHashCodeAs(a);
      assertThat(other.toString())
          .isEqualTo(
              a.toString()
                  .replace(
                      a.trailingByteCount() + " trailing",
                      other.trailingByteCount() + " trailing"));
    }
    assertThat(b.trailingByteCount()).isEqualTo(a.trailingByteCount() + 512);
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void identity_flipInsideTheCanonicalRange_changes(String v) throws Exception {
    byte[] raw = TdxVectors.quote(v);
    Quote a = Quote.parse(raw);
    QuoteOffsets o = a.offsets();
    // Offsets in the signed header, the body, the quote signature, the QE auth data and the PEM
    // text: each flip still parses, so only the identity can tell the two apart.
    int[] offsets = {
      QuoteLayout.HEADER_USER_DATA_OFFSET,
      o.bodyOffset(),
      o.signedLength() - 1,
      o.signatureDataOffset(),
      o.qeAuthDataOffset(),
      firstLetter(raw, o.certificationDataOffset() + 100),
    };
    for (int i : offsets) {
      byte[] m = raw.clone();
      // In the PEM text the case of a letter is swapped, so the text stays base64.
      m[i] ^= (byte) (i >= o.certificationDataOffset() ? 0x20 : 0x01);
      Quote b = Quote.parse(m);
      assertThat(b.canonicalSha256()).as("offset %d", i).isNotEqualTo(a.canonicalSha256());
      assertThat(b).as("offset %d", i).isNotEqualTo(a);
    }
  }

  static int firstLetter(byte[] b, int i) {
    while (!Character.isLetter((char) b[i])) {
      i++;
    }
    return i;
  }

  @Test
  void identity_flipInTheTrailingBytes_same() throws Exception {
    byte[] raw = TdxVectors.quote(TdxVectors.V01);
    byte[] m = raw.clone();
    m[m.length - 1] ^= (byte) 0xFF;
    assertThat(Quote.parse(m).canonicalSha256()).isEqualTo(Quote.parse(raw).canonicalSha256());
  }
}
