package io.replicatoor.attest.quote;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Decodes quote input that may be raw binary or hex text (optional {@code 0x} and UTF-8 BOM,
 * whitespace ignored).
 */
public final class QuoteInput {
  /** The UTF-8 byte order mark EF BB BF, as read with ISO-8859-1. */
  private static final String UTF8_BOM = "\u00ef\u00bb\u00bf";

  private QuoteInput() {}

  /**
   * Returns the raw quote bytes: {@code input} itself, or its hex decoding when the whole input is
   * hex text. A raw quote never looks like hex text (its first byte is a version, 3-5).
   */
  public static byte[] decode(byte[] input) {
    String s = new String(input, StandardCharsets.ISO_8859_1);
    if (s.startsWith(UTF8_BOM)) {
      s = s.substring(UTF8_BOM.length()); // editors on Windows prepend one to text files
    }
    s = s.strip();
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
