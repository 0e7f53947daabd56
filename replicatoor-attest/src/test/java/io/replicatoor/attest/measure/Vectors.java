package io.replicatoor.attest.measure;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.testing.SharedVectors;
import java.util.ArrayList;
import java.util.List;

/** Reads the dstack JSON vectors for tests. */
final class Vectors {
  private Vectors() {}

  static JsonNode json(String... path) {
    return SharedVectors.json("dstack", path);
  }

  /** The names of a fixture's {@code rtmr3_runtime_events}, in log order. */
  static List<String> runtimeEventNames(JsonNode fixture) {
    List<String> names = new ArrayList<>();
    fixture.get("rtmr3_runtime_events").forEach(e -> names.add(e.get("event").asText()));
    if (names.isEmpty()) {
      throw new AssertionError("fixture has no rtmr3_runtime_events");
    }
    return names;
  }

  static JsonNode fixturesExpected(String fixture) {
    JsonNode n = json("derived", "fixtures-expected.json").get(fixture);
    if (n == null) {
      throw new AssertionError("fixtures-expected.json has no entry " + fixture);
    }
    return n;
  }

  /**
   * The payload of the first RTMR3 event called {@code name} in a fixture's expected event list.
   */
  static Bytes payload(JsonNode fixture, String name) {
    for (JsonNode e : fixture.get("rtmr3_runtime_events")) {
      if (e.get("event").asText().equals(name)) {
        return Bytes.fromHex(e.get("payload_hex").asText());
      }
    }
    throw new AssertionError("no event " + name);
  }
}
