package io.replicatoor.attest.quote;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.testing.TdxVectors;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The strict DER framing of signed X.509 objects (issue 12 section 1). */
class SignedDerTest {
  /** The pinned Intel root: outer SEQUENCE with a two-byte long-form length (0x82). */
  static final byte[] ROOT = TdxVectors.rootDer();

  @Test
  void check_intelRoot_accepted() {
    assertThatCode(() -> SignedDer.check(ROOT)).doesNotThrowAnyException();
  }

  @Test
  void check_trailingByte_rejectedWithCount() {
    byte[] m = Arrays.copyOf(ROOT, ROOT.length + 2);
    assertThatThrownBy(() -> SignedDer.check(m))
        .hasMessageContaining("2 byte(s) after the DER object");
  }

  @Test
  void check_truncated_rejected() {
    byte[] m = Arrays.copyOf(ROOT, ROOT.length - 1);
    assertThatThrownBy(() -> SignedDer.check(m)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void check_nonMinimalOuterLength_rejected() {
    // 30 82 LL LL -> 30 83 00 LL LL: same length, one more length octet.
    byte[] m = new byte[ROOT.length + 1];
    m[0] = 0x30;
    m[1] = (byte) 0x83;
    m[2] = 0;
    System.arraycopy(ROOT, 2, m, 3, ROOT.length - 2);
    assertThatThrownBy(() -> SignedDer.check(m)).hasMessageContaining("non-minimal");
  }

  @Test
  void check_indefiniteOuterLength_rejected() {
    byte[] m = ROOT.clone();
    m[1] = (byte) 0x80;
    assertThatThrownBy(() -> SignedDer.check(m)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void check_signatureUnusedBitsNotZero_rejected() {
    byte[] m = ROOT.clone();
    int unusedAt = DerTlv.signatureUnusedBitsOffset(m);
    m[unusedAt] = 1;
    assertThatThrownBy(() -> SignedDer.check(m)).hasMessageContaining("declares 1 unused bit(s)");
  }

  @Test
  void check_notASequence_rejected() {
    byte[] m = ROOT.clone();
    m[0] = 0x31;
    assertThatThrownBy(() -> SignedDer.check(m)).hasMessageContaining("outer SEQUENCE");
  }

  @Test
  void check_elementAfterSignature_rejected() {
    // Grow the outer SEQUENCE by a NULL (05 00) after the BIT STRING.
    int len = ((ROOT[2] & 0xFF) << 8) | (ROOT[3] & 0xFF);
    byte[] m = Arrays.copyOf(ROOT, ROOT.length + 2);
    m[2] = (byte) ((len + 2) >> 8);
    m[3] = (byte) (len + 2);
    m[ROOT.length] = 0x05;
    assertThatThrownBy(() -> SignedDer.check(m))
        .hasMessageContaining("after the signature BIT STRING");
  }
}
