package io.replicatoor.core.state;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Hkdf;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.internal.Lp;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Application key derivation ({@code docs/protocol.md} section 7): {@code HKDF-SHA256(IKM = root
 * secret, salt = empty, info = lp("replicatoor/v1/derive") ‖ lp(algorithm) ‖ lp(purpose) ‖
 * lp(path), L = 32)}. Length prefixes make {@code ("ab","c")} and {@code ("a","bc")} different, and
 * the algorithm in {@code info} keeps one path from giving the same bytes to two algorithms. Same
 * inputs give the same key on every instance holding the state, across restarts and hand-overs.
 */
public final class KeyDerivation {
  /** HKDF {@code info} label. */
  public static final String DERIVE_LABEL = "replicatoor/v1/derive";

  /** Label of the signature-chain message. */
  public static final String SIGNATURE_LABEL = "replicatoor/v1/key-signature";

  /** Longest path in UTF-8 bytes. */
  public static final int MAX_PATH_BYTES = 512;

  /** Longest purpose in UTF-8 bytes. */
  public static final int MAX_PURPOSE_BYTES = 256;

  /** Derived key size. */
  public static final int KEY_BYTES = 32;

  private KeyDerivation() {}

  /**
   * Derives the key for ({@code path}, {@code purpose}, {@code algorithm}) from {@code state}.
   *
   * @throws ReplicatoorException {@code BAD_REQUEST} for over-long or non-UTF-16-clean inputs
   */
  public static DerivedKey derive(
      ReplicatedState state, String path, String purpose, KeyAlgorithm algorithm)
      throws ReplicatoorException {
    byte[] p = utf8(path, "path", MAX_PATH_BYTES);
    byte[] u = utf8(purpose, "purpose", MAX_PURPOSE_BYTES);
    byte[] info =
        Lp.builder().text(DERIVE_LABEL).text(algorithm.wireName()).bytes(u).bytes(p).build();
    byte[] ikm = state.rootSecret().reveal(SecretAccess.insecure());
    byte[] okm = null;
    try {
      okm = Hkdf.computeHkdf("HMACSHA256", ikm, new byte[0], info, KEY_BYTES);
      SecretBytes key = SecretBytes.copyOf(okm);
      byte[] pub;
      Optional<EthereumAddress> address = Optional.empty();
      switch (algorithm) {
        case SECP256K1 -> {
          if (!Secp256k1.isValidPrivateKey(okm)) {
            throw new ReplicatoorException(
                ErrorCode.INTERNAL, "derived scalar out of range (probability < 2^-127)");
          }
          pub = Secp256k1.publicKey(key);
          address = Optional.of(EthereumAddress.ofPublicKey(pub));
        }
        case ED25519 -> pub = Ed25519Sign.KeyPair.newKeyPairFromSeed(okm).getPublicKey();
        case RAW -> pub = new byte[0];
        default -> throw new IllegalStateException("unreachable");
      }
      byte[] sig =
          algorithm == KeyAlgorithm.RAW
              ? new byte[0]
              : state.signKeccak(signedMessage(algorithm, u, p, pub));
      return new DerivedKey(
          algorithm, purpose, path, key, pub, address, sig, state.identityPublicKey());
    } catch (GeneralSecurityException e) {
      throw new ReplicatoorException(ErrorCode.INTERNAL, "key derivation primitive failed", e);
    } finally {
      Arrays.fill(ikm, (byte) 0);
      if (okm != null) {
        Arrays.fill(okm, (byte) 0);
      }
    }
  }

  /**
   * The message the state identity key signs (before {@code keccak256}): {@code
   * lp("replicatoor/v1/key-signature") ‖ lp(algorithm) ‖ lp(purpose) ‖ lp(path) ‖ lp(publicKey)}.
   */
  public static byte[] signedMessage(
      KeyAlgorithm algorithm, byte[] purposeUtf8, byte[] pathUtf8, byte[] publicKey) {
    return Lp.builder()
        .text(SIGNATURE_LABEL)
        .text(algorithm.wireName())
        .bytes(purposeUtf8)
        .bytes(pathUtf8)
        .bytes(publicKey)
        .build();
  }

  private static byte[] utf8(String s, String what, int max) throws ReplicatoorException {
    if (s == null) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, what + " is required");
    }
    // Lone surrogates would be replaced by '?' and collide with a real '?': refuse them.
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw new ReplicatoorException(ErrorCode.BAD_REQUEST, what + " is not valid Unicode");
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new ReplicatoorException(ErrorCode.BAD_REQUEST, what + " is not valid Unicode");
      }
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > max) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST, what + " longer than " + max + " UTF-8 bytes");
    }
    return b;
  }
}
