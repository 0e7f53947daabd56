package io.replicatoor.testing;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.util.Bytes;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * HPKE base mode to a recipient's public key as protocol.md section 6 defines it (DHKEM X25519,
 * HKDF-SHA256, AES-256-GCM; Tink's context info is {@code info || aad}), written from the spec with
 * Tink alone: what any non-TEE sender, the host included, can compute. For attack tests that hand
 * an instance a correctly encrypted bundle from a sender that is not an attested TEE.
 */
public final class HostHpke {
  /** Length of the encapsulated key (an X25519 public key) at the front of Tink's output. */
  public static final int ENC_BYTES = 32;

  private HostHpke() {}

  /** The encapsulated key and the ciphertext of one seal. */
  public record Sealed(byte[] enc, byte[] ciphertext) {}

  /** Seals {@code plaintext} to the X25519 public key {@code pkR}. */
  public static Sealed seal(byte[] pkR, byte[] plaintext, byte[] info, byte[] aad)
      throws GeneralSecurityException {
    HybridConfig.register();
    HpkeParameters params =
        HpkeParameters.builder()
            .setVariant(HpkeParameters.Variant.NO_PREFIX)
            .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
            .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
            .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
            .build();
    HpkePublicKey pub = HpkePublicKey.create(params, Bytes.copyFrom(pkR), null);
    HybridEncrypt enc =
        KeysetHandle.newBuilder()
            .addEntry(KeysetHandle.importKey(pub).withRandomId().makePrimary())
            .build()
            .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
    byte[] context = Arrays.copyOf(info, info.length + aad.length);
    System.arraycopy(aad, 0, context, info.length, aad.length);
    byte[] out = enc.encrypt(plaintext, context);
    return new Sealed(
        Arrays.copyOfRange(out, 0, ENC_BYTES), Arrays.copyOfRange(out, ENC_BYTES, out.length));
  }
}
