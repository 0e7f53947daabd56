package io.replicatoor.core.handover;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.ByteArrays;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * RFC 9180 HPKE, base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, through Tink's
 * public API only: {@link HpkeParameters} with the {@code NO_PREFIX} variant, the key imported into
 * a {@link KeysetHandle}, used as {@link HybridEncrypt}/{@link HybridDecrypt} (output {@code enc
 * (32) ‖ ciphertext}).
 *
 * <p>Tink's public HPKE primitive takes the HPKE {@code info} ("context info") and uses an empty
 * {@code aad}. The threat model's separate {@code info} and {@code aad} are therefore both placed
 * in the HPKE {@code info} as {@code info ‖ aad} (both length-prefixed, so unambiguous). HPKE binds
 * {@code info} into the key schedule (RFC 9180 §5.1), so a change to any of those bytes makes the
 * AEAD open fail exactly as a changed {@code aad} would ({@code docs/protocol.md} section 6).
 */
final class Hpke {
  /** X25519 key sizes. */
  static final int KEY_BYTES = 32;

  private static final HpkeParameters PARAMS = params();

  private Hpke() {}

  private static HpkeParameters params() {
    try {
      HybridConfig.register();
      return HpkeParameters.builder()
          .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
          .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
          .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
          .setVariant(HpkeParameters.Variant.NO_PREFIX)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HPKE parameters rejected by Tink (bug)", e);
    }
  }

  /** The sealed output: encapsulated key and ciphertext. */
  record Sealed(byte[] enc, byte[] ciphertext) {}

  /** Seals {@code plaintext} to the X25519 public key {@code pkR}. */
  static Sealed seal(byte[] pkR, byte[] plaintext, byte[] info, byte[] aad)
      throws ReplicatoorException {
    try {
      HpkePublicKey pub = HpkePublicKey.create(PARAMS, Bytes.copyFrom(pkR), null);
      HybridEncrypt enc = primitive(pub, HybridEncrypt.class);
      byte[] out = enc.encrypt(plaintext, ByteArrays.concat(info, aad));
      return new Sealed(
          Arrays.copyOfRange(out, 0, KEY_BYTES), Arrays.copyOfRange(out, KEY_BYTES, out.length));
    } catch (GeneralSecurityException e) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, "recipient key is not usable for HPKE");
    }
  }

  /**
   * Opens a ciphertext with the recipient's private key {@code skR} (the caller owns and wipes it).
   *
   * @throws ReplicatoorException {@code TRANSFER_DECRYPT_FAILED} when it does not authenticate
   */
  static byte[] open(byte[] skR, byte[] pkR, byte[] enc, byte[] ciphertext, byte[] info, byte[] aad)
      throws ReplicatoorException {
    try {
      HpkePublicKey pub = HpkePublicKey.create(PARAMS, Bytes.copyFrom(pkR), null);
      HpkePrivateKey priv =
          HpkePrivateKey.create(pub, SecretBytes.copyFrom(skR, InsecureSecretKeyAccess.get()));
      HybridDecrypt dec = primitive(priv, HybridDecrypt.class);
      return dec.decrypt(ByteArrays.concat(enc, ciphertext), ByteArrays.concat(info, aad));
    } catch (GeneralSecurityException e) {
      throw new ReplicatoorException(
          ErrorCode.TRANSFER_DECRYPT_FAILED, "transfer ciphertext does not authenticate");
    }
  }

  private static <P> P primitive(Key key, Class<P> type) throws GeneralSecurityException {
    KeysetHandle h =
        KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
            .build();
    return h.getPrimitive(RegistryConfiguration.get(), type);
  }
}
