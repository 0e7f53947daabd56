package io.replicatoor.core.bytes;

import java.util.HexFormat;

/**
 * Hex decoding with the dstack wire rule: one optional {@code 0x}/{@code 0X} prefix is accepted and
 * stripped, odd lengths and non-hex characters are rejected (dstack-guest-interface.md 1.6).
 */
public final class Hex {
  private static final HexFormat LOWER = HexFormat.of();

  private Hex() {}

  /**
   * Decodes {@code text}.
   *
   * @throws IllegalArgumentException on odd length or a non-hex character (the message names the
   *     offset, never the content)
   */
  public static byte[] decode(String text) {
    if (text == null) {
      throw new IllegalArgumentException("hex value is missing");
    }
    String s = text;
    if (s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
      s = s.substring(2);
    }
    if ((s.length() & 1) != 0) {
      throw new IllegalArgumentException("hex value has odd length " + s.length());
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        throw new IllegalArgumentException("non-hex character at offset " + i);
      }
    }
    return LOWER.parseHex(s);
  }

  /**
   * Returns {@code bytes} if it holds exactly {@code size} bytes.
   *
   * @throws IllegalArgumentException otherwise, naming {@code what}, the expected size in bytes and
   *     hex digits, and the size given
   */
  public static byte[] requireSize(byte[] bytes, int size, String what) {
    if (bytes.length != size) {
      throw new IllegalArgumentException(
          what
              + " must be "
              + size
              + " bytes ("
              + 2 * size
              + " hex digits), got "
              + bytes.length
              + " bytes");
    }
    return bytes;
  }

  /** Lowercase hex without prefix. */
  public static String encode(byte[] bytes) {
    return LOWER.formatHex(bytes);
  }
}
