package io.replicatoor.attest.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RTMR extension and dstack V1 runtime-event digests (dstack-guest-interface.md 4.3, 4.4). */
final class SimEventDigests {
  private SimEventDigests() {}

  /** Size of an RTMR and of every digest extended into it. */
  static final int DIGEST_SIZE = 48;

  /** V1: {@code SHA-384(u32_le(0x08000001) || ":" || name || ":" || payload)}. */
  static byte[] runtimeEventDigestV1(String name, byte[] payload) {
    MessageDigest d = sha384();
    long t = SimEvent.RUNTIME_EVENT_TYPE;
    d.update(new byte[] {(byte) t, (byte) (t >>> 8), (byte) (t >>> 16), (byte) (t >>> 24)});
    d.update((byte) ':');
    d.update(name.getBytes(StandardCharsets.UTF_8));
    d.update((byte) ':');
    d.update(payload);
    return d.digest();
  }

  /** {@code SHA-384(mr || digest)} with a 48-byte digest. */
  static byte[] extend(byte[] mr, byte[] digest) {
    if (mr.length != DIGEST_SIZE || digest.length != DIGEST_SIZE) {
      throw new IllegalArgumentException("RTMR extend takes 48-byte values");
    }
    MessageDigest d = sha384();
    d.update(mr);
    d.update(digest);
    return d.digest();
  }

  static byte[] sha384(byte[] data) {
    return sha384().digest(data);
  }

  private static MessageDigest sha384() {
    try {
      return MessageDigest.getInstance("SHA-384");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 missing from the JDK", e);
    }
  }
}
