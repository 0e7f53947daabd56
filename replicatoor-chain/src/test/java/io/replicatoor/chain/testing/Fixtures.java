package io.replicatoor.chain.testing;

import io.replicatoor.chain.admin.SigningKey;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.measure.Measurement;
import java.util.Random;

/** Deterministic test inputs. */
public final class Fixtures {
  private Fixtures() {}

  /** Measurement parts derived from {@code seed} (distinct seeds give distinct ids). */
  public static Measurement parts(long seed) {
    Random r = new Random(seed);
    byte[][] regs = new byte[4][48];
    for (byte[] reg : regs) {
      r.nextBytes(reg);
    }
    byte[] compose = new byte[32];
    r.nextBytes(compose);
    return new Measurement(
        Measurement48.of(regs[0]),
        Measurement48.of(regs[1]),
        Measurement48.of(regs[2]),
        Measurement48.of(regs[3]),
        Bytes32.of(compose),
        Bytes32.ZERO);
  }

  /** A 32-byte value derived from {@code seed}. */
  public static Bytes32 word(long seed) {
    byte[] b = new byte[32];
    new Random(seed).nextBytes(b);
    b[0] = (byte) 0x80; // no leading zero
    return Bytes32.of(b);
  }

  public static SigningKey key(String hex) {
    try {
      return SigningKey.fromHex(hex);
    } catch (ReplicatoorException e) {
      throw new IllegalStateException(e);
    }
  }
}
