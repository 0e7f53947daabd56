package io.replicatoor.attest.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.testing.SharedVectors;
import java.util.Optional;

/** The dstack vectors as parsed evidence plus the registers of their quotes. */
final class Fixtures {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Fixtures() {}

  record Vector(String name, QuoteEvidence evidence, TdRegisters quote, JsonNode expected) {}

  static Vector quoteReport() throws ReplicatoorException {
    return load(
        "quote-report.json",
        SharedVectors.read("dstack", "verifier-fixtures", "quote-report.json"));
  }

  static Vector tappdExample() throws ReplicatoorException {
    return load(
        "ex-report.json", SharedVectors.read("dstack", "tappd-v0.4-example", "report.json"));
  }

  static Vector simulatorAttestation() throws ReplicatoorException {
    return load(
        "simulator-attestation.bin", SharedVectors.read("dstack", "simulator", "attestation.bin"));
  }

  static Vector tdxLite() throws ReplicatoorException {
    return load(
        null, SharedVectors.read("dstack", "verifier-fixtures", "tdx-lite-attestation.json"));
  }

  static Vector simulatorV054() throws ReplicatoorException {
    QuoteEvidence ev =
        QuoteEvidence.parse(SharedVectors.read("dstack", "simulator-v0.5.4", "eventlog.json"));
    var quote =
        QuoteEvidence.quoteFromFile(SharedVectors.read("dstack", "simulator-v0.5.4", "quote.hex"));
    QuoteEvidence withQuote = new QuoteEvidence(Optional.of(quote), ev.eventLog(), ev.format());
    return new Vector(
        "simulator-v0.5.4",
        withQuote,
        TdRegisters.of(Quote.parse(quote.toByteArray())),
        expected("simulator-v0.5.4 quote.hex+eventlog.json"));
  }

  private static Vector load(String expectedKey, byte[] bytes) throws ReplicatoorException {
    QuoteEvidence ev = QuoteEvidence.parse(bytes);
    TdRegisters regs = TdRegisters.of(Quote.parse(ev.quote().orElseThrow().toByteArray()));
    return new Vector(expectedKey, ev, regs, expectedKey == null ? null : expected(expectedKey));
  }

  static JsonNode expected(String key) {
    return SharedVectors.json("dstack", "derived", "fixtures-expected.json").get(key);
  }
}
