package io.replicatoor.attest.measure;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Jackson reading of untrusted JSON with hard limits (document size, nesting depth, string length)
 * and strict duplicate-key detection (house-style.md point 18).
 */
public final class BoundedJson {
  /** Nesting depth limit; dstack documents are at most three levels deep. */
  public static final int MAX_DEPTH = 16;

  private final ObjectMapper mapper;
  private final int maxBytes;

  private BoundedJson(int maxBytes) {
    this.maxBytes = maxBytes;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxDocumentLength(maxBytes)
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(maxBytes)
                    .maxNumberLength(32)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper =
        JsonMapper.builder(factory)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
  }

  /** A reader that accepts documents of at most {@code maxBytes} bytes. */
  public static BoundedJson withMaxBytes(int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    return new BoundedJson(maxBytes);
  }

  /** The size limit in bytes. */
  public int maxBytes() {
    return maxBytes;
  }

  /**
   * Parses one JSON document.
   *
   * @throws IOException when the document is larger than the limit, not JSON, has duplicate keys,
   *     trailing content, or exceeds a nesting or length limit
   */
  public JsonNode read(byte[] json) throws IOException {
    if (json.length > maxBytes) {
      throw new IOException("document of " + json.length + " bytes exceeds the limit " + maxBytes);
    }
    JsonNode n = mapper.readTree(json);
    if (n == null || n.isMissingNode()) {
      throw new IOException("empty document");
    }
    return n;
  }

  /** Parses one JSON document held in a string (counted as UTF-8 bytes). */
  public JsonNode read(String json) throws IOException {
    return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
