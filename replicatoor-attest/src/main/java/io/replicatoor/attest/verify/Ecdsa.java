package io.replicatoor.attest.verify;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

/** ECDSA P-256 with raw {@code r || s} signatures and raw {@code x || y} keys (section 9.1-9.2). */
final class Ecdsa {
  static final ECParameterSpec P256;
  private static final BigInteger P;
  private static final BigInteger A;
  private static final BigInteger B;

  static {
    try {
      AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
      ap.init(new ECGenParameterSpec("secp256r1"));
      P256 = ap.getParameterSpec(ECParameterSpec.class);
      P = ((ECFieldFp) P256.getCurve().getField()).getP();
      A = P256.getCurve().getA();
      B = P256.getCurve().getB();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Ecdsa() {}

  /**
   * Builds a P-256 key from 64 bytes {@code x || y}, checking the point is on the curve (the JDK
   * does not).
   *
   * @throws ReplicatoorException {@code ATTESTATION_KEY_INVALID}
   */
  static ECPublicKey rawKey(byte[] xy, String what) throws ReplicatoorException {
    if (xy.length != 64) {
      throw new ReplicatoorException(ErrorCode.ATTESTATION_KEY_INVALID, what + " is not 64 bytes");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(xy, 0, 32));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(xy, 32, 64));
    if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
      throw new ReplicatoorException(
          ErrorCode.ATTESTATION_KEY_INVALID, what + " has a coordinate outside the P-256 field");
    }
    BigInteger lhs = y.multiply(y).mod(P);
    BigInteger rhs = x.pow(3).add(A.multiply(x)).add(B).mod(P);
    if (!lhs.equals(rhs)) {
      throw new ReplicatoorException(
          ErrorCode.ATTESTATION_KEY_INVALID, what + " is not a point on the P-256 curve");
    }
    try {
      return (ECPublicKey)
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
    } catch (GeneralSecurityException e) {
      throw new ReplicatoorException(
          ErrorCode.ATTESTATION_KEY_INVALID, what + " rejected: " + e.getMessage());
    }
  }

  /** True if {@code key} is a P-256 EC key. */
  static boolean isP256(PublicKey key) {
    if (!(key instanceof ECPublicKey ec)) {
      return false;
    }
    ECParameterSpec p = ec.getParams();
    return p.getCurve().equals(P256.getCurve())
        && p.getOrder().equals(P256.getOrder())
        && p.getGenerator().equals(P256.getGenerator());
  }

  /**
   * Verifies a DER-encoded ECDSA-SHA256 signature (as in X.509 certificates and CRLs) over {@code
   * data}; false on any error.
   */
  static boolean verifyDer(PublicKey key, byte[] data, byte[] derSignature) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initVerify(key);
      s.update(data);
      return s.verify(derSignature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** Verifies a 64-byte {@code r || s} ECDSA-SHA256 signature over {@code data}. */
  static boolean verify(PublicKey key, byte[] data, int off, int len, byte[] rs) {
    if (rs.length != 64) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initVerify(key);
      s.update(data, off, len);
      return s.verify(rs);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
