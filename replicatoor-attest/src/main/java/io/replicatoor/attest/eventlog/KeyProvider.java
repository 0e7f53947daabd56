package io.replicatoor.attest.eventlog;

import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.ReplicatoorException;
import java.util.Objects;

/**
 * The decoded {@code key-provider} event: {@code {"name":"kms"|"local-sgx"|"tpm"|"none","id":"<hex
 * or empty>"}} plus the exact payload bytes (dstack-guest-interface.md 4.7).
 *
 * @param name the provider kind
 * @param id the provider id (hex of the KMS root CA SPKI, or of the enclave MRENCLAVE, or empty)
 * @param payload the exact event payload
 */
public record KeyProvider(String name, String id, Bytes payload) {
  /** Rejects null components. */
  public KeyProvider {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(payload, "payload");
  }

  /**
   * Decodes a {@code key-provider} payload with the rule event-log replay applies: a JSON object
   * with exactly the string fields {@code name} and {@code id}.
   *
   * @throws ReplicatoorException {@code EVENT_LOG_MALFORMED} for any other payload
   */
  public static KeyProvider parse(Bytes payload) throws ReplicatoorException {
    return RtmrReplay.Extractor.keyProvider(payload, "key-provider");
  }
}
