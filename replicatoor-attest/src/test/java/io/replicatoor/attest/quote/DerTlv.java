package io.replicatoor.attest.quote;

/**
 * Test-side walking of definite-length DER TLVs: just enough to find a field of a certificate or
 * CRL and mutate it in place. Independent of {@link SignedDer}, which it is used to test.
 */
public final class DerTlv {
  private static final int TAG_SEQUENCE = 0x30;
  private static final int TAG_BIT_STRING = 0x03;
  private static final int SHORT_FORM_LIMIT = 0x80;
  private static final int LENGTH_OCTETS_MASK = 0x7f;

  private DerTlv() {}

  /** Offset of the first content byte of the TLV at {@code off}. */
  public static int contentOffset(byte[] der, int off) {
    int first = der[off + 1] & 0xff;
    if (first < SHORT_FORM_LIMIT) {
      return off + 2;
    }
    return off + 2 + (first & LENGTH_OCTETS_MASK);
  }

  /** Offset just past the TLV at {@code off}. */
  public static int end(byte[] der, int off) {
    int first = der[off + 1] & 0xff;
    if (first < SHORT_FORM_LIMIT) {
      return off + 2 + first;
    }
    int n = first & LENGTH_OCTETS_MASK;
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[off + 2 + i] & 0xff);
    }
    return off + 2 + n + len;
  }

  /**
   * Offset of the signature BIT STRING's TLV in a certificate or CRL: {@code SEQUENCE { tbs,
   * signatureAlgorithm, BIT STRING }}.
   */
  public static int signatureBitString(byte[] der) {
    if ((der[0] & 0xff) != TAG_SEQUENCE) {
      throw new IllegalArgumentException("not a SEQUENCE");
    }
    int sig = end(der, end(der, contentOffset(der, 0)));
    if ((der[sig] & 0xff) != TAG_BIT_STRING) {
      throw new IllegalArgumentException("no signature BIT STRING at " + sig);
    }
    return sig;
  }

  /** Offset of the unused-bits byte (the first content byte) of the signature BIT STRING. */
  public static int signatureUnusedBitsOffset(byte[] der) {
    return contentOffset(der, signatureBitString(der));
  }
}
