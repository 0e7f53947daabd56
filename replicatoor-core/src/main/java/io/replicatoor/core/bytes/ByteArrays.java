package io.replicatoor.core.bytes;

/** Helpers for plain byte arrays. */
public final class ByteArrays {
  private ByteArrays() {}

  /**
   * The parts, one after another, in a new array.
   *
   * @throws ArithmeticException if the total length overflows an {@code int}
   */
  public static byte[] concat(byte[]... parts) {
    int len = 0;
    for (byte[] p : parts) {
      len = Math.addExact(len, p.length);
    }
    byte[] out = new byte[len];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}
