package io.replicatoor.attest.quote;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Decodes quote input that may be raw binary or hex text (optional {@code 0x}, whitespace ignored). */
public final class QuoteInput {
  private QuoteInput() {}

  /**
   * Returns the raw quote bytes: {@code input} itself, or its hex decoding when the whole input is
   * hex text. A raw quote never looks like hex text (its first byte is a version, 3-5).
   */
  public static byte[] decode(byte[] input) {
    String s = new String(input, StandardCharsets.ISO_8859_1).strip();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    s = s.replaceAll("\\s", "");
    if (s.isEmpty() || s.length() % 2 != 0) {
      return input.clone();
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return input.clone();
      }
    }
    return HexFormat.of().parseHex(s);
  }
}
