package io.replicatoor.cli;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Hex;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Hex in and out of the command line. Input: hex digits of either case, optionally after {@code
 * 0x}; output: every byte value, in JSON and in text, is lower-case hex with a {@code 0x} prefix
 * (docs/cli.md, "JSON output").
 */
public final class CliHex {
  private static final HexFormat HEX = HexFormat.of();

  private CliHex() {}

  /** {@code 0x} followed by the lower-case hex of {@code bytes}. */
  public static String format(byte[] bytes) {
    return "0x" + HEX.formatHex(bytes);
  }

  /** The output spelling of a hex string that may or may not carry {@code 0x}. */
  public static String of(String hex) {
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    return "0x" + h.toLowerCase(Locale.ROOT);
  }

  /** Parses hex given as {@code what} (an option name), any length. */
  public static byte[] parse(String value, String what) {
    String s = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
        throw new UsageException(
            what
                + " is not hex: character '"
                + printable(s.charAt(i))
                + "' at position "
                + (i + 1));
      }
    }
    if (s.length() % 2 != 0) {
      throw new UsageException(
          what + " has an odd number of hex digits (" + s.length() + "); a byte is two digits");
    }
    return HEX.parseHex(s);
  }

  /** Parses hex of exactly {@code size} bytes. */
  public static byte[] parse(String value, String what, int size) {
    byte[] b = parse(value, what);
    try {
      return Hex.requireSize(b, size, what);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** Parses hex of exactly 32 bytes. */
  public static Bytes32 bytes32(String value, String what) {
    return Bytes32.of(parse(value, what, Bytes32.SIZE));
  }

  /** Parses hex of exactly 32 bytes when {@code value} is given (not null). */
  public static Optional<Bytes32> optionalBytes32(String value, String what) {
    return value == null ? Optional.empty() : Optional.of(bytes32(value, what));
  }

  static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }
}
