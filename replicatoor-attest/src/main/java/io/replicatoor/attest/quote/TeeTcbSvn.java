package io.replicatoor.attest.quote;

import io.replicatoor.core.bytes.ImmutableBytes;

/** The 16-byte TEE_TCB_SVN of a TD report (byte 0 module SVN, byte 1 module major version). */
public final class TeeTcbSvn extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 16;

  private TeeTcbSvn(byte[] value) {
    super(value, SIZE, "TeeTcbSvn");
  }

  /** Copies {@code value}, which must be {@value #SIZE} bytes. */
  public static TeeTcbSvn of(byte[] value) {
    return new TeeTcbSvn(value);
  }

  /** Parses hex (either case, optional 0x) of exactly {@value #SIZE} bytes. */
  public static TeeTcbSvn fromHex(String hex) {
    return new TeeTcbSvn(parseHex(hex, "TeeTcbSvn"));
  }

  /** All-zero value. */
  public static TeeTcbSvn zero() {
    return new TeeTcbSvn(new byte[SIZE]);
  }

  /** Component {@code i} (0..15) as an unsigned value. */
  public int svn(int i) {
    return unsignedByte(i);
  }

  /** TDX module SVN (byte 0). */
  public int moduleSvn() {
    return unsignedByte(0);
  }

  /** TDX module major version (byte 1). */
  public int moduleVersion() {
    return unsignedByte(1);
  }
}
