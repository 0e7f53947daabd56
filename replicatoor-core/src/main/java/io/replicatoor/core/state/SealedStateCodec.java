package io.replicatoor.core.state;

import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.internal.ByteReader;
import io.replicatoor.core.internal.Lp;
import io.replicatoor.core.port.SealedState;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The sealed-state blob ({@code docs/protocol.md} section 8), used only with {@code sealing: kms}:
 *
 * <pre>
 * magic "RPLS" (4) ‖ format 0x01 (1) ‖ fingerprint (32) ‖ u64be stateVersion (8)   = header (45)
 * ‖ AES-256-GCM(key, aad = header): iv (12) ‖ ciphertext (41) ‖ tag (16)          = 114 bytes
 * key = HKDF-SHA256(IKM = KMS key, salt = empty,
 *                   info = lp("replicatoor/v1/seal") ‖ lp(fingerprint) ‖ lp(u64 version), 32)
 * </pre>
 *
 * <p>Tampering with any byte, a blob sealed under another KMS key (another app) or for another
 * fingerprint or version fails authentication; nothing is returned before the whole blob is
 * authenticated and the decrypted state matches the header (never half-loaded).
 */
public final class SealedStateCodec {
  /** Magic bytes. */
  public static final byte[] MAGIC = "RPLS".getBytes(StandardCharsets.US_ASCII);

  /** Format byte. */
  public static final int FORMAT = 1;

  /** HKDF label of the sealing key. */
  public static final String SEAL_LABEL = "replicatoor/v1/seal";

  /** The {@code GetKey} path for the KMS key. */
  public static final String KMS_PATH = "replicatoor/v1/sealing";

  /** The {@code GetKey} purpose for the KMS key. */
  public static final String KMS_PURPOSE = "state-sealing";

  /** Offset of the fingerprint. */
  public static final int FINGERPRINT_OFFSET = 5;

  /** Offset of the version. */
  public static final int VERSION_OFFSET = FINGERPRINT_OFFSET + StateFingerprint.SIZE;

  /** Header size (authenticated as AAD). */
  public static final int HEADER_BYTES = VERSION_OFFSET + 8;

  /** AES-GCM IV size. */
  public static final int IV_BYTES = 12;

  /** AES-GCM tag size. */
  public static final int TAG_BYTES = 16;

  /** Total blob size. */
  public static final int BLOB_BYTES =
      HEADER_BYTES + IV_BYTES + ReplicatedState.PLAINTEXT_BYTES + TAG_BYTES;

  private SealedStateCodec() {}

  /** Seals {@code state} under a key derived from {@code kmsKey}. */
  public static SealedState seal(ReplicatedState state, SecretBytes kmsKey)
      throws ReplicatoorException {
    byte[] header = header(state.fingerprint(), state.version());
    byte[] pt = state.encodePlaintext(SecretAccess.insecure());
    try {
      byte[] body = aead(kmsKey, state.fingerprint(), state.version()).encrypt(pt, header);
      byte[] blob = Arrays.copyOf(header, HEADER_BYTES + body.length);
      System.arraycopy(body, 0, blob, HEADER_BYTES, body.length);
      return SealedState.of(blob);
    } catch (GeneralSecurityException e) {
      throw new ReplicatoorException(ErrorCode.INTERNAL, "sealing failed", e);
    } finally {
      Arrays.fill(pt, (byte) 0);
    }
  }

  /**
   * Authenticates and opens a blob.
   *
   * @throws ReplicatoorException {@code SEALED_STATE_INVALID} for any malformed, tampered or
   *     swapped blob
   */
  public static ReplicatedState unseal(SealedState blob, SecretBytes kmsKey)
      throws ReplicatoorException {
    byte[] all = blob.toByteArray();
    ByteReader r = new ByteReader(all, ErrorCode.SEALED_STATE_INVALID, "sealed state");
    if (all.length != BLOB_BYTES) {
      throw r.fail("length " + all.length + ", expected " + BLOB_BYTES);
    }
    if (!Arrays.equals(r.bytes(MAGIC.length, "magic"), MAGIC)) {
      throw r.fail("bad magic");
    }
    if (r.u8("format") != FORMAT) {
      throw r.fail("unknown format");
    }
    StateFingerprint fp = StateFingerprint.of(r.bytes(StateFingerprint.SIZE, "fingerprint"));
    long version = r.u64("version");
    if (version < 0) {
      throw r.fail("version above 2^63 - 1");
    }
    byte[] body = r.bytes(all.length - HEADER_BYTES, "body");
    byte[] header = Arrays.copyOf(all, HEADER_BYTES);
    byte[] pt = null;
    try {
      pt = aead(kmsKey, fp, version).decrypt(body, header);
    } catch (GeneralSecurityException e) {
      throw new ReplicatoorException(
          ErrorCode.SEALED_STATE_INVALID,
          "sealed state does not authenticate (tampered, or sealed under another key)");
    }
    try {
      ReplicatedState s = ReplicatedState.decodePlaintext(pt, ErrorCode.SEALED_STATE_INVALID);
      if (!s.fingerprint().equals(fp) || s.version() != version) {
        throw new ReplicatoorException(
            ErrorCode.SEALED_STATE_INVALID, "sealed state does not match its header");
      }
      return s;
    } finally {
      Arrays.fill(pt, (byte) 0);
    }
  }

  /** Reads the public header fields without authenticating them (for status and logs only). */
  static byte[] header(StateFingerprint fp, long version) {
    byte[] h = new byte[HEADER_BYTES];
    System.arraycopy(MAGIC, 0, h, 0, MAGIC.length);
    h[MAGIC.length] = (byte) FORMAT;
    System.arraycopy(fp.toByteArray(), 0, h, FINGERPRINT_OFFSET, StateFingerprint.SIZE);
    System.arraycopy(Lp.u64be(version), 0, h, VERSION_OFFSET, 8);
    return h;
  }

  private static AesGcmJce aead(SecretBytes kmsKey, StateFingerprint fp, long version)
      throws GeneralSecurityException {
    byte[] ikm = kmsKey.reveal(SecretAccess.insecure());
    byte[] k = null;
    try {
      byte[] info = Lp.builder().text(SEAL_LABEL).bytes(fp.toByteArray()).u64(version).build();
      k = Hkdf.computeHkdf("HMACSHA256", ikm, new byte[0], info, 32);
      return new AesGcmJce(k);
    } finally {
      Arrays.fill(ikm, (byte) 0);
      if (k != null) {
        Arrays.fill(k, (byte) 0);
      }
    }
  }
}
