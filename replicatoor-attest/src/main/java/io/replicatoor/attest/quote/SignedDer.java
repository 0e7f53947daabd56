package io.replicatoor.attest.quote;

/**
 * Strict DER framing of a signed X.509 object (a certificate or a CRL, RFC 5280 sections 4.1 and
 * 5.1): {@code SEQUENCE { tbs SEQUENCE, signatureAlgorithm SEQUENCE, signatureValue BIT STRING }}.
 *
 * <p>The JDK's {@code CertificateFactory} is lenient in two ways that make encodings malleable
 * without touching the signed bytes: {@code generateCertificates}/{@code generateCRLs} skip data
 * after the object when it does not start with 0x30, and a signature BIT STRING with a non-zero
 * unused-bits count is accepted with its padding bits cleared. DER (X.690 11.2.1) and OpenSSL
 * ({@code INVALID_BIT_STRING_BITS_LEFT}) reject both; so does {@link #check}. The signed part
 * ({@code tbs}) is left to the JDK parser and the signature.
 */
public final class SignedDer {
  /** Tag of the BIT STRING holding the signature value. */
  public static final int TAG_BIT_STRING = 0x03;

  /** Offset of the unused-bits count inside a BIT STRING's contents (X.690 8.6.2.2). */
  public static final int BIT_STRING_UNUSED_BITS_REL = 0;

  /** The only unused-bits count accepted for a signature BIT STRING. */
  public static final int SIGNATURE_UNUSED_BITS = 0;

  private SignedDer() {}

  /**
   * Checks that {@code der} is exactly one signed object: one outer SEQUENCE spanning the whole
   * input with minimal definite lengths, exactly three elements, and a signature BIT STRING whose
   * unused-bits count is zero.
   *
   * @throws IllegalArgumentException with the precise reason otherwise
   */
  public static void check(byte[] der) {
    DerReader outer = new DerReader(der, 0, der.length);
    DerReader.Tlv object = outer.expect(DerReader.TAG_SEQUENCE, "outer SEQUENCE");
    if (object.valueEnd() != der.length) {
      throw new IllegalArgumentException(
          (der.length - object.valueEnd())
              + " byte(s) after the DER object (which ends at "
              + object.valueEnd()
              + " of "
              + der.length
              + ")");
    }
    DerReader parts = object.contents();
    parts.expect(DerReader.TAG_SEQUENCE, "to-be-signed SEQUENCE");
    parts.expect(DerReader.TAG_SEQUENCE, "signature algorithm SEQUENCE");
    DerReader.Tlv signature = parts.expect(TAG_BIT_STRING, "signature BIT STRING");
    if (parts.hasMore()) {
      throw new IllegalArgumentException("data after the signature BIT STRING inside the object");
    }
    if (signature.length() <= BIT_STRING_UNUSED_BITS_REL) {
      throw new IllegalArgumentException("empty signature BIT STRING");
    }
    int unused = der[signature.valueStart() + BIT_STRING_UNUSED_BITS_REL] & 0xFF;
    if (unused != SIGNATURE_UNUSED_BITS) {
      throw new IllegalArgumentException(
          "signature BIT STRING at offset "
              + signature.valueStart()
              + " declares "
              + unused
              + " unused bit(s); DER signatures must declare 0");
    }
  }
}
