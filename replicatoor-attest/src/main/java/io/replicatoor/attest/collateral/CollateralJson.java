package io.replicatoor.attest.collateral;

import io.replicatoor.core.json.BoundedJson;
import io.replicatoor.core.json.JsonLimits;

/**
 * The bounded, strict parser for untrusted collateral JSON (house style point 18): core's {@link
 * BoundedJson} with the {@link JsonLimits#COLLATERAL} preset.
 */
public final class CollateralJson {
  /** Largest accepted JSON document (real TCB infos are under 10 KB). */
  public static final int MAX_DOCUMENT_BYTES = JsonLimits.COLLATERAL.maxDocumentBytes();

  /** Deepest accepted nesting (TCB info needs 6). */
  public static final int MAX_NESTING_DEPTH = JsonLimits.COLLATERAL.maxDepth();

  /** Longest accepted string value (PEM chains are about 4 KB, CRL hex about 8 KB). */
  public static final int MAX_STRING_LENGTH = JsonLimits.COLLATERAL.maxStringLength();

  /** Longest accepted number literal. */
  public static final int MAX_NUMBER_LENGTH = JsonLimits.COLLATERAL.maxNumberLength();

  private static final BoundedJson PARSER = BoundedJson.of(JsonLimits.COLLATERAL);

  private CollateralJson() {}

  /** The shared strict parser (thread-safe, immutable). */
  public static BoundedJson parser() {
    return PARSER;
  }
}
