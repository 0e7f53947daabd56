package io.replicatoor.core.state;

import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * secp256k1 as Ethereum uses it: deterministic ECDSA (RFC 6979, HMAC-SHA256) over a 32-byte hash,
 * low-s normalised, encoded {@code r (32) ‖ s (32) ‖ v (1)} with {@code v = 27 + recoveryId}, so
 * Solidity's {@code ecrecover(hash, v, r, s)} returns the signer's address. Public keys are 65-byte
 * uncompressed SEC1.
 */
public final class Secp256k1 {
  /** Private key size. */
  public static final int PRIVATE_KEY_BYTES = 32;

  /** Uncompressed public key size ({@code 0x04 ‖ x ‖ y}). */
  public static final int PUBLIC_KEY_BYTES = 65;

  /** Signature size ({@code r ‖ s ‖ v}). */
  public static final int SIGNATURE_BYTES = 65;

  /** Offset of {@code v} in a signature. */
  public static final int V_OFFSET = 64;

  /** {@code v} of recovery id 0, as Ethereum encodes it. */
  public static final int V_BASE = 27;

  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
  private static final BigInteger N = CURVE.getN();
  private static final BigInteger HALF_N = N.shiftRight(1);

  private Secp256k1() {}

  /** Whether {@code key} (32 bytes, big-endian) is a valid private scalar {@code 1 ≤ k < n}. */
  public static boolean isValidPrivateKey(byte[] key) {
    if (key.length != PRIVATE_KEY_BYTES) {
      return false;
    }
    BigInteger k = new BigInteger(1, key);
    return k.signum() > 0 && k.compareTo(N) < 0;
  }

  /** The uncompressed public key of a valid private key. */
  public static byte[] publicKey(SecretBytes privateKey) {
    byte[] k = privateKey.reveal(SecretAccess.insecure());
    try {
      if (!isValidPrivateKey(k)) {
        throw new IllegalArgumentException("not a valid secp256k1 private key");
      }
      ECPoint q = new FixedPointCombMultiplier().multiply(DOMAIN.getG(), new BigInteger(1, k));
      return q.normalize().getEncoded(false);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** The 33-byte compressed form of an uncompressed public key. */
  public static byte[] compress(byte[] uncompressed) {
    return CURVE.getCurve().decodePoint(uncompressed).getEncoded(true);
  }

  /** Signs a 32-byte hash: {@code r ‖ s ‖ v}, low-s, {@code v ∈ {27, 28}}. */
  public static byte[] sign(SecretBytes privateKey, byte[] hash32) {
    if (hash32.length != 32) {
      throw new IllegalArgumentException("hash must be 32 bytes");
    }
    byte[] k = privateKey.reveal(SecretAccess.insecure());
    try {
      BigInteger d = new BigInteger(1, k);
      ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      signer.init(true, new ECPrivateKeyParameters(d, DOMAIN));
      BigInteger[] rs = signer.generateSignature(hash32);
      BigInteger r = rs[0];
      BigInteger s = rs[1];
      if (s.compareTo(HALF_N) > 0) {
        s = N.subtract(s);
      }
      byte[] pub =
          new FixedPointCombMultiplier().multiply(DOMAIN.getG(), d).normalize().getEncoded(false);
      for (int recId = 0; recId < 4; recId++) {
        Optional<byte[]> q = recover(hash32, r, s, recId);
        if (q.isPresent() && Arrays.equals(q.get(), pub)) {
          byte[] sig = new byte[SIGNATURE_BYTES];
          System.arraycopy(fixed32(r), 0, sig, 0, 32);
          System.arraycopy(fixed32(s), 0, sig, 32, 32);
          sig[V_OFFSET] = (byte) (V_BASE + recId);
          return sig;
        }
      }
      throw new IllegalStateException("no recovery id reproduces the public key (bug)");
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /**
   * {@code ecrecover}: the uncompressed public key that produced {@code sig} over {@code hash32},
   * or empty if the signature is malformed, high-s, or recovers nothing.
   */
  public static Optional<byte[]> recover(byte[] hash32, byte[] sig) {
    if (hash32.length != 32 || sig.length != SIGNATURE_BYTES) {
      return Optional.empty();
    }
    int v = Byte.toUnsignedInt(sig[V_OFFSET]) - V_BASE;
    if (v != 0 && v != 1) {
      return Optional.empty();
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    if (r.signum() == 0 || r.compareTo(N) >= 0 || s.signum() == 0 || s.compareTo(HALF_N) > 0) {
      return Optional.empty();
    }
    return recover(hash32, r, s, v);
  }

  /** SEC 1 v2 section 4.1.6 public key recovery. */
  private static Optional<byte[]> recover(byte[] hash, BigInteger r, BigInteger s, int recId) {
    BigInteger x = r.add(N.multiply(BigInteger.valueOf(recId / 2)));
    BigInteger p = CURVE.getCurve().getField().getCharacteristic();
    if (x.compareTo(p) >= 0) {
      return Optional.empty();
    }
    byte[] enc = new byte[33];
    enc[0] = (byte) ((recId & 1) == 0 ? 0x02 : 0x03);
    System.arraycopy(fixed32(x), 0, enc, 1, 32);
    ECPoint rPoint;
    try {
      rPoint = CURVE.getCurve().decodePoint(enc);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    BigInteger e = new BigInteger(1, hash);
    BigInteger rInv = r.modInverse(N);
    BigInteger u1 = N.subtract(e).multiply(rInv).mod(N);
    BigInteger u2 = s.multiply(rInv).mod(N);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), u1, rPoint, u2).normalize();
    if (q.isInfinity()) {
      return Optional.empty();
    }
    return Optional.of(q.getEncoded(false));
  }

  private static byte[] fixed32(BigInteger v) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(b.length, 32);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }
}
