package io.replicatoor.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The one way replicatoor parses untrusted JSON (house-style.md point 18): Jackson with every
 * {@link JsonLimits} enforced by the parser, duplicate keys rejected, content after the first value
 * rejected, and an empty document rejected. Thread-safe and immutable.
 */
public final class BoundedJson {
  private final JsonLimits limits;
  private final ObjectReader reader;

  private BoundedJson(JsonLimits limits) {
    this.limits = limits;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxDocumentLength(limits.maxDocumentBytes())
                    .maxNestingDepth(limits.maxDepth())
                    .maxStringLength(limits.maxStringLength())
                    .maxNameLength(
                        Math.min(
                            limits.maxStringLength(), StreamReadConstraints.DEFAULT_MAX_NAME_LEN))
                    .maxNumberLength(limits.maxNumberLength())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.reader =
        JsonMapper.builder(factory)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build()
            .reader();
  }

  /** A parser enforcing {@code limits}. */
  public static BoundedJson of(JsonLimits limits) {
    return new BoundedJson(Objects.requireNonNull(limits, "limits"));
  }

  /** A parser for dstack documents of at most {@code maxBytes} ({@link JsonLimits#document}). */
  public static BoundedJson withMaxBytes(int maxBytes) {
    return of(JsonLimits.document(maxBytes));
  }

  /** The limits this parser enforces. */
  public JsonLimits limits() {
    return limits;
  }

  /** The document size limit in bytes. */
  public int maxBytes() {
    return limits.maxDocumentBytes();
  }

  /**
   * Parses one JSON document.
   *
   * @throws JsonProcessingException when the document is larger than the limit, not JSON, empty,
   *     has duplicate keys or trailing content, or exceeds a nesting or length limit; the message
   *     is one line (the problem, then line and column), without Jackson's source excerpt
   */
  public JsonNode read(byte[] json) throws JsonProcessingException {
    if (json.length > limits.maxDocumentBytes()) {
      throw failure(
          "document of " + json.length + " bytes exceeds the limit " + limits.maxDocumentBytes());
    }
    JsonNode n;
    try {
      n = reader.readTree(json);
    } catch (JsonProcessingException e) {
      throw new JsonParseException((JsonParser) null, oneLine(e), e);
    } catch (IOException e) {
      // An in-memory array has no I/O; this is Jackson's declared signature only.
      throw failure("unreadable JSON input");
    }
    if (n == null || n.isMissingNode()) {
      throw failure("empty document");
    }
    return n;
  }

  private static JsonProcessingException failure(String message) {
    return new JsonParseException((JsonParser) null, message);
  }

  /**
   * Jackson's own message without its multi-line source excerpt: the problem and, when known, the
   * line and column.
   */
  static String oneLine(JsonProcessingException e) {
    String m = Objects.requireNonNullElse(e.getOriginalMessage(), "malformed JSON");
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl);
    }
    JsonLocation at = e.getLocation();
    if (at != null && at.getLineNr() > 0) {
      m += " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }
    return m;
  }

  /** Parses one JSON document held in a string (counted as UTF-8 bytes). */
  public JsonNode read(String json) throws JsonProcessingException {
    return read(json.getBytes(StandardCharsets.UTF_8));
  }
}
