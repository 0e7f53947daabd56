package io.replicatoor.attest.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.testing.TdxVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One real vector the mutants start from: its quote, its dcap-qvl collateral fields (string values,
 * exactly as in {@code collateral.json}) and its verification time.
 *
 * @param id short name used in mutant names ({@code v01})
 * @param vector directory name under {@code shared/vectors/tdx}
 * @param quote raw quote bytes
 * @param collateral field name to string value, in file order
 * @param at {@code verify_at_unix}
 */
record VectorBase(String id, String vector, byte[] quote, Map<String, String> collateral, long at) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static VectorBase load(String vector) {
    JsonNode c;
    try {
      c = JSON.readTree(TdxVectors.file(vector, "collateral.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new AssertionError(vector + " collateral field " + e.getKey() + " is not a string");
      }
      fields.put(e.getKey(), e.getValue().asText());
    }
    return new VectorBase(
        vector.substring(0, 3),
        vector,
        TdxVectors.quote(vector),
        Collections.unmodifiableMap(fields),
        TdxVectors.verifyAt(vector).getEpochSecond());
  }

  @Override
  public String toString() {
    return id;
  }
}
