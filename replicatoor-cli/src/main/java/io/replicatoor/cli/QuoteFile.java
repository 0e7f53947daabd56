package io.replicatoor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.json.BoundedJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The one reader of {@code --quote FILE} for every command. It detects the file's form and says
 * what is wrong with it instead of parsing text as a binary quote:
 *
 * <ul>
 *   <li>binary: the raw quote (it starts with its little-endian version 3, 4 or 5);
 *   <li>hex text: optional UTF-8 BOM and {@code 0x}, whitespace ignored;
 *   <li>JSON: a guest agent's GetQuote, RawQuote or TdxQuote response, its {@code "quote"} field.
 * </ul>
 */
final class QuoteFile {
  /** Largest quote file accepted (a JSON response holding the hex of a 64 KiB quote). */
  static final long MAX_QUOTE_FILE = 512 * 1024;

  private static final int FIRST_QUOTE_VERSION = 3;
  private static final int LAST_QUOTE_VERSION = 5;
  private static final String UTF8_BOM = "\uFEFF";

  /**
   * The one bounded JSON parser, sized for a guest agent's quote response file; created on first
   * use, so reading a binary or hex quote builds no JSON mapper.
   */
  private static final class ResponseJson {
    static final BoundedJson PARSER = BoundedJson.withMaxBytes((int) MAX_QUOTE_FILE);
  }

  private QuoteFile() {}

  /** The raw quote in {@code path}, given as {@code option}. */
  static byte[] read(Path path, String option) {
    return decode(CliFiles.read(path, option, MAX_QUOTE_FILE), option + " " + path);
  }

  /** The raw quote in {@code file}, described in messages as {@code what}. */
  static byte[] decode(byte[] file, String what) {
    if (file.length == 0) {
      throw new UsageException(what + " is empty");
    }
    if (looksBinary(file)) {
      return file.clone();
    }
    String text = new String(file, StandardCharsets.UTF_8);
    if (text.startsWith(UTF8_BOM)) {
      text = text.substring(1);
    }
    text = text.strip();
    if (text.startsWith("{")) {
      return fromJson(text, what);
    }
    if (!isText(file)) {
      return file.clone(); // binary with an unknown version: the parser names the field
    }
    return CliHex.parse(text.replaceAll("\\s", ""), what + " (hex text)");
  }

  private static byte[] fromJson(String text, String what) {
    JsonNode n;
    try {
      n = ResponseJson.PARSER.read(text);
    } catch (JsonProcessingException e) {
      // BoundedJson's message is one line: the problem, then line and column
      throw new UsageException(what + " is not valid JSON: " + e.getOriginalMessage());
    }
    JsonNode q = n.get("quote");
    if (q == null || !q.isTextual()) {
      throw new UsageException(
          what + " is JSON without a \"quote\" string; expected a GetQuote or RawQuote response");
    }
    return CliHex.parse(q.asText(), what + " \"quote\"");
  }

  private static boolean looksBinary(byte[] b) {
    return b.length >= 2
        && b[1] == 0
        && (b[0] & 0xff) >= FIRST_QUOTE_VERSION
        && (b[0] & 0xff) <= LAST_QUOTE_VERSION;
  }

  private static boolean isText(byte[] b) {
    String s = new String(b, StandardCharsets.UTF_8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\uFFFD' || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
        return false;
      }
    }
    return true;
  }
}
