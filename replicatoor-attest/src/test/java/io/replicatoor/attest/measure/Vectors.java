package io.replicatoor.attest.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.testing.SharedVectors;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads the dstack JSON vectors for tests. */
final class Vectors {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Vectors() {}

  static JsonNode json(String... path) {
    try {
      return MAPPER.readTree(SharedVectors.read("dstack", path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
