package io.replicatoor.sim;

import com.google.crypto.tink.subtle.Hkdf;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.bytes.ByteArrays;
import io.replicatoor.core.crypto.Keccak256;
import io.replicatoor.core.state.Secp256k1;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * dstack-compatible {@code GetKey} derivation for the simulator, rooted in the simulator master key
 * instead of a KMS (dstack-guest-interface.md 9.2, 9.3).
 *
 * <p>Derivation (all HKDF-SHA256 with salt {@code "RATLS"}, info = plain concatenation, as dstack):
 *
 * <pre>
 * kms_root_k256 = HKDF(ikm = simulator master key, info = "replicatoor-sim:kms-root-k256")
 * app_k256      = HKDF(ikm = kms_root_k256, info = app_id(20) || "app-key")
 * k256_sig      = secp256k1 recoverable sig by kms_root_k256 over
 *                 keccak256("dstack-kms-issued:" || app_id || compressed(app_k256 pub))
 * key(path)     = HKDF(ikm = app_k256, info = path_utf8)          # same for secp256k1 and ed25519
 * pub           = compressed secp256k1 point | ed25519 public key
 * app_sig       = secp256k1 recoverable sig (r||s||v, v in {0,1}) by app_k256 over
 *                 keccak256(purpose || ":" || hex(pub))
 * signature_chain = [app_sig, k256_sig]
 * </pre>
 *
 * <p>Everything is deterministic for a given master key and app id. Not for production: this is
 * dstack's scheme, whose info concatenation is ambiguous (9.4).
 */
public final class SimKeyDerivation {
  /** HKDF salt used by dstack's {@code derive_key}. */
  static final byte[] SALT = "RATLS".getBytes(StandardCharsets.US_ASCII);

  /** Derived key length. */
  static final int KEY_SIZE = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final SecretBytes appKey;
  private final byte[] k256Signature;

  private SimKeyDerivation(SecretBytes appKey, byte[] k256Signature) {
    this.appKey = appKey;
    this.k256Signature = k256Signature;
  }

  /** Derivation for {@code appId} under the simulator master key. */
  public static SimKeyDerivation forApp(SecretBytes masterKey, byte[] appId)
      throws GeneralSecurityException {
    byte[] master = masterKey.reveal(SecretAccess.insecure());
    byte[] root = null;
    try {
      root = deriveKey(master, "replicatoor-sim:kms-root-k256".getBytes(StandardCharsets.US_ASCII));
      byte[] app =
          deriveKey(root, ByteArrays.concat(appId, "app-key".getBytes(StandardCharsets.US_ASCII)));
      byte[] appPub = k256Public(app);
      byte[] msg =
          ByteArrays.concat(
              "dstack-kms-issued:".getBytes(StandardCharsets.US_ASCII), appId, appPub);
      byte[] sig = signRecoverable(root, keccak256(msg));
      SecretBytes appSecret = SecretBytes.copyOf(app);
      Arrays.fill(app, (byte) 0);
      return new SimKeyDerivation(appSecret, sig);
    } finally {
      Arrays.fill(master, (byte) 0);
      if (root != null) {
        Arrays.fill(root, (byte) 0);
      }
    }
  }

  /** Derivation from a given app k256 key (for dstack's published test vectors). */
  static SimKeyDerivation forAppKey(byte[] appK256Key, byte[] k256Signature) {
    return new SimKeyDerivation(SecretBytes.copyOf(appK256Key), k256Signature.clone());
  }

  /**
   * Result of {@link #getKey}: the derived key (secret) and its signature chain. Equality is
   * identity, as the record's own: {@link SecretBytes} compares by identity and the arrays, copied
   * in, by reference.
   */
  public record DerivedKey(
      SecretBytes key, byte[] publicKey, byte[] appSignature, byte[] kmsSignature) {
    public DerivedKey {
      publicKey = publicKey.clone();
      appSignature = appSignature.clone();
      kmsSignature = kmsSignature.clone();
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    @Override
    public byte[] appSignature() {
      return appSignature.clone();
    }

    @Override
    public byte[] kmsSignature() {
      return kmsSignature.clone();
    }

    @Override
    public String toString() {
      return "DerivedKey[key=REDACTED, publicKey=" + HEX.formatHex(publicKey) + "]";
    }
  }

  /**
   * dstack's guest {@code GetKey(path, purpose, algorithm)}.
   *
   * @param algorithm {@code secp256k1} (also {@code k256} or empty) or {@code ed25519}
   * @throws IllegalArgumentException for any other algorithm
   */
  public DerivedKey getKey(String path, String purpose, String algorithm)
      throws GeneralSecurityException {
    byte[] app = appKey.reveal(SecretAccess.insecure());
    byte[] key = null;
    try {
      key = deriveKey(app, path.getBytes(StandardCharsets.UTF_8));
      byte[] pub =
          switch (algorithm) {
            case "", "secp256k1", "k256" -> k256Public(key);
            case "ed25519" ->
                new Ed25519PrivateKeyParameters(key, 0).generatePublicKey().getEncoded();
            default -> throw new IllegalArgumentException("unsupported algorithm: " + algorithm);
          };
      byte[] msg = (purpose + ":" + HEX.formatHex(pub)).getBytes(StandardCharsets.UTF_8);
      byte[] appSig = signRecoverable(app, keccak256(msg));
      return new DerivedKey(SecretBytes.copyOf(key), pub, appSig, k256Signature);
    } finally {
      Arrays.fill(app, (byte) 0);
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  /**
   * dstack 0.4/0.5 {@code Tappd.DeriveKey} key: a P-256 key pair whose scalar is {@code
   * derive_key(app_k256, [context], 32)} ({@code derive_p256_key_pair_from_bytes}, 9.2).
   */
  public KeyPair p256KeyPair(byte[] context) throws GeneralSecurityException {
    byte[] app = appKey.reveal(SecretAccess.insecure());
    byte[] scalar = null;
    try {
      scalar = deriveKey(app, context);
      BigInteger d = new BigInteger(1, scalar);
      X9ECParameters p256 = CustomNamedCurves.getByName("secp256r1");
      if (d.signum() == 0 || d.compareTo(p256.getN()) >= 0) {
        throw new GeneralSecurityException("derived P-256 scalar out of range");
      }
      ECPoint q = p256.getG().multiply(d).normalize();
      KeyFactory kf = KeyFactory.getInstance("EC");
      AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
      ap.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
      PrivateKey priv = kf.generatePrivate(new ECPrivateKeySpec(d, spec));
      PublicKey pub =
          kf.generatePublic(
              new ECPublicKeySpec(
                  new java.security.spec.ECPoint(
                      q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                  spec));
      return new KeyPair(pub, priv);
    } finally {
      Arrays.fill(app, (byte) 0);
      if (scalar != null) {
        Arrays.fill(scalar, (byte) 0);
      }
    }
  }

  /** The compressed secp256k1 public key of the app key (dstack's "app public key"). */
  public byte[] appPublicKey() {
    byte[] app = appKey.reveal(SecretAccess.insecure());
    try {
      return k256Public(app);
    } finally {
      Arrays.fill(app, (byte) 0);
    }
  }

  /** dstack {@code derive_key(ikm, [info], 32)}: HKDF-SHA256, salt "RATLS". */
  static byte[] deriveKey(byte[] ikm, byte[] info) throws GeneralSecurityException {
    return Hkdf.computeHkdf("HMACSHA256", ikm, SALT, info, KEY_SIZE);
  }

  /** Compressed SEC1 public key of a secp256k1 scalar (core's {@link Secp256k1}). */
  static byte[] k256Public(byte[] scalar) {
    try (SecretBytes k = SecretBytes.copyOf(scalar)) {
      return Secp256k1.compress(Secp256k1.publicKey(k));
    }
  }

  static byte[] keccak256(byte[] data) {
    return Keccak256.digest(data);
  }

  /**
   * Core's RFC 6979 low-s secp256k1 signature, with dstack's recovery byte: {@code r || s ||
   * recid}, {@code recid} in {0, 1} (65 bytes).
   */
  static byte[] signRecoverable(byte[] scalar, byte[] hash32) {
    try (SecretBytes k = SecretBytes.copyOf(scalar)) {
      byte[] sig = Secp256k1.sign(k, hash32);
      sig[Secp256k1.V_OFFSET] -= Secp256k1.V_BASE;
      return sig;
    }
  }
}
