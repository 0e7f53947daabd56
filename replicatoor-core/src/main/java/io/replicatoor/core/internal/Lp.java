package io.replicatoor.core.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds {@code lp(x1) ‖ lp(x2) ‖ ...}: each field is a 4-byte big-endian length followed by the
 * bytes (threat-model.md section 1). Integers are fixed 8-byte big-endian fields ({@code u64}).
 */
public final class Lp {
  /** Size of the length prefix. */
  public static final int LENGTH_PREFIX_BYTES = 4;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private Lp() {}

  /** A new, empty builder. */
  public static Lp builder() {
    return new Lp();
  }

  /** Appends {@code lp(bytes)}. */
  public Lp bytes(byte[] bytes) {
    int n = bytes.length;
    out.write(n >>> 24);
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
    out.writeBytes(bytes);
    return this;
  }

  /** Appends {@code lp(ascii or UTF-8 text)}. */
  public Lp text(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends {@code lp(u64be(v))}: an 8-byte big-endian unsigned integer. */
  public Lp u64(long v) {
    return bytes(u64be(v));
  }

  /** The bytes built so far. */
  public byte[] build() {
    return out.toByteArray();
  }

  /** {@code v} as 8 bytes big-endian. */
  public static byte[] u64be(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }
}
