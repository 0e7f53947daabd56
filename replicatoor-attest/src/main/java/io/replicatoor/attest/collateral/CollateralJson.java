package io.replicatoor.attest.collateral;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The bounded, strict Jackson mapper for untrusted collateral JSON (house style point 18). */
public final class CollateralJson {
  /** Largest accepted JSON document (real TCB infos are under 10 KB). */
  public static final int MAX_DOCUMENT_BYTES = 1 << 20;
  /** Deepest accepted nesting (TCB info needs 6). */
  public static final int MAX_NESTING_DEPTH = 16;
  /** Longest accepted string value (PEM chains are about 4 KB, CRL hex about 8 KB). */
  public static final int MAX_STRING_LENGTH = 256 * 1024;
  /** Longest accepted number literal. */
  public static final int MAX_NUMBER_LENGTH = 20;

  private static final ObjectMapper MAPPER = build();

  private CollateralJson() {}

  private static ObjectMapper build() {
    JsonFactory f =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxDocumentLength(MAX_DOCUMENT_BYTES)
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    ObjectMapper m = new ObjectMapper(f);
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    m.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    return m;
  }

  /** The shared strict mapper (thread-safe; do not reconfigure). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
