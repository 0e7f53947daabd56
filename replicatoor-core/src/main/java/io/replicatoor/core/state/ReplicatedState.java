package io.replicatoor.core.state;

import com.google.crypto.tink.subtle.Hkdf;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.crypto.Keccak256;
import io.replicatoor.core.internal.ByteReader;
import io.replicatoor.core.internal.Digests;
import io.replicatoor.core.internal.Lp;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The application state: a 32-byte root secret generated inside a TEE at genesis, the secp256k1
 * state identity key derived from it, its fingerprint (what {@code registerStateKey} stores) and a
 * {@code u64} state version bound into every transfer.
 *
 * <p>Security: the root secret and identity private key are held in {@link SecretBytes}; {@link
 * #toString()} prints only the fingerprint and version; there is no {@code equals}, no
 * serialisation other than the explicit {@link #encodePlaintext} used inside HPKE and sealing.
 */
public final class ReplicatedState {
  /** Root secret size. */
  public static final int ROOT_SECRET_BYTES = 32;

  /** HKDF {@code info} label of the state identity key. */
  public static final String IDENTITY_KEY_LABEL = "replicatoor/v1/state-identity-key";

  /** Label of the fingerprint transcript (threat-model.md section 1). */
  public static final String FINGERPRINT_LABEL = "replicatoor/v1/state-key";

  /** Format byte of the plaintext state encoding. */
  public static final int PLAINTEXT_FORMAT = 1;

  /** Size of the plaintext encoding: format (1) ‖ root secret (32) ‖ u64 version (8). */
  public static final int PLAINTEXT_BYTES = 1 + ROOT_SECRET_BYTES + 8;

  private final SecretBytes rootSecret;
  private final long version;
  private final SecretBytes identityPrivateKey;
  private final byte[] identityPublicKey;
  private final StateFingerprint fingerprint;
  private final EthereumAddress address;

  private ReplicatedState(SecretBytes rootSecret, long version) {
    if (rootSecret.size() != ROOT_SECRET_BYTES) {
      throw new IllegalArgumentException("root secret must be 32 bytes");
    }
    if (version < 0) {
      throw new IllegalArgumentException("state version must be a non-negative u64 below 2^63");
    }
    this.rootSecret = rootSecret;
    this.version = version;
    this.identityPrivateKey = deriveIdentityKey(rootSecret);
    this.identityPublicKey = Secp256k1.publicKey(identityPrivateKey);
    this.fingerprint = fingerprintOf(identityPublicKey);
    this.address = EthereumAddress.ofPublicKey(identityPublicKey);
  }

  /** A fresh state (genesis): 32 random bytes from {@code rng}, version 0. */
  public static ReplicatedState generate(SecureRandom rng) {
    return new ReplicatedState(SecretBytes.random(ROOT_SECRET_BYTES, rng), 0);
  }

  /** A state from a known root secret (tests and vectors; decoding). */
  public static ReplicatedState of(SecretBytes rootSecret, long version) {
    return new ReplicatedState(rootSecret, version);
  }

  /**
   * {@code SHA-256(lp("replicatoor/v1/state-key") ‖ lp(statePublicKey))}, with the 65-byte
   * uncompressed public key.
   */
  public static StateFingerprint fingerprintOf(byte[] statePublicKey) {
    return StateFingerprint.of(
        Digests.sha256(Lp.builder().text(FINGERPRINT_LABEL).bytes(statePublicKey).build()));
  }

  private static SecretBytes deriveIdentityKey(SecretBytes root) {
    byte[] ikm = root.reveal(SecretAccess.insecure());
    try {
      byte[] k =
          Hkdf.computeHkdf(
              "HMACSHA256", ikm, new byte[0], Lp.builder().text(IDENTITY_KEY_LABEL).build(), 32);
      try {
        if (!Secp256k1.isValidPrivateKey(k)) {
          // Probability below 2^-127; refusing is simpler and safer than a retry rule.
          throw new IllegalStateException("root secret yields no valid identity key");
        }
        return SecretBytes.copyOf(k);
      } finally {
        Arrays.fill(k, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HKDF-SHA256 unavailable", e);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }

  /** The state version ({@code u64}, kept below 2^63). */
  public long version() {
    return version;
  }

  /** The registered fingerprint of this state. */
  public StateFingerprint fingerprint() {
    return fingerprint;
  }

  /** The state identity public key, 65-byte uncompressed SEC1. */
  public byte[] identityPublicKey() {
    return identityPublicKey.clone();
  }

  /** The Ethereum address of the state identity key. */
  public EthereumAddress identityAddress() {
    return address;
  }

  /** Signs a 32-byte hash with the state identity key ({@code r ‖ s ‖ v}, ecrecover-able). */
  public byte[] signWithIdentityKey(byte[] hash32) {
    return Secp256k1.sign(identityPrivateKey, hash32);
  }

  /** Signs {@code keccak256(message)} with the state identity key. */
  public byte[] signKeccak(byte[] message) {
    return signWithIdentityKey(Keccak256.digest(message));
  }

  /** The root secret, for key derivation inside core. */
  SecretBytes rootSecret() {
    return rootSecret;
  }

  /**
   * The secret plaintext encoding {@code format (1) ‖ rootSecret (32) ‖ u64be version (8)}; only
   * for HPKE sealing to an attested peer and for the sealed-state AEAD. Callers wipe the array.
   */
  public byte[] encodePlaintext(SecretAccess access) {
    byte[] root = rootSecret.reveal(access);
    byte[] out = new byte[PLAINTEXT_BYTES];
    out[0] = (byte) PLAINTEXT_FORMAT;
    System.arraycopy(root, 0, out, 1, ROOT_SECRET_BYTES);
    System.arraycopy(Lp.u64be(version), 0, out, 1 + ROOT_SECRET_BYTES, 8);
    Arrays.fill(root, (byte) 0);
    return out;
  }

  /**
   * Decodes {@link #encodePlaintext}.
   *
   * @throws ReplicatoorException with {@code code} when the bytes are not exactly that encoding
   */
  public static ReplicatedState decodePlaintext(byte[] plaintext, ErrorCode code)
      throws ReplicatoorException {
    ByteReader r = new ByteReader(plaintext, code, "state plaintext");
    if (r.u8("format") != PLAINTEXT_FORMAT) {
      throw r.fail("unknown state format");
    }
    byte[] root = r.bytes(ROOT_SECRET_BYTES, "root secret");
    long version = r.u64("version");
    r.end();
    if (version < 0) {
      throw r.fail("version above 2^63 - 1");
    }
    try {
      return new ReplicatedState(SecretBytes.copyOf(root), version);
    } catch (IllegalStateException e) {
      throw r.fail("root secret unusable");
    } finally {
      Arrays.fill(root, (byte) 0);
    }
  }

  /**
   * Overwrites the root secret and the identity private key; every later use of this state throws
   * {@link IllegalStateException}. Used when a state is discarded (a losing genesis candidate, a
   * halted instance, a refused transfer). Best effort: the JVM may hold other copies.
   */
  public void destroy() {
    rootSecret.destroy();
    identityPrivateKey.destroy();
  }

  @Override
  public String toString() {
    return "ReplicatedState[fingerprint=" + fingerprint.toHex() + ", version=" + version + "]";
  }
}
