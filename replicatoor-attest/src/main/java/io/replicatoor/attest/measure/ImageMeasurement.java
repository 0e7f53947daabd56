package io.replicatoor.attest.measure;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.json.BoundedJson;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The registers an OS image produces for one VM shape (MRTD, RTMR0-2) and optionally its dstack OS
 * image hash, read from the JSON that {@code dstack-mr measure} emits.
 *
 * <p>Format (one JSON object, hex with or without {@code 0x}):
 *
 * <pre>{@code
 * {"mrtd": "<96 hex>", "rtmr0": "<96 hex>", "rtmr1": "<96 hex>", "rtmr2": "<96 hex>",
 *  "os_image_hash": "<64 hex>"}      // os_image_hash optional
 * }</pre>
 *
 * Unknown keys are rejected, so a misspelt {@code os_image_hash} cannot silently drop the binding.
 *
 * @param mrTd expected MRTD
 * @param rtmr0 expected RTMR0 (depends on CPU count and memory size)
 * @param rtmr1 expected RTMR1
 * @param rtmr2 expected RTMR2
 * @param osImageHash the dstack OS image hash when the deployment binds it
 */
public record ImageMeasurement(
    Measurement48 mrTd,
    Measurement48 rtmr0,
    Measurement48 rtmr1,
    Measurement48 rtmr2,
    Optional<Bytes32> osImageHash) {

  /** Largest accepted image JSON file. */
  public static final int MAX_JSON_BYTES = 64 * 1024;

  private static final Set<String> KNOWN =
      Set.of("mrtd", "rtmr0", "rtmr1", "rtmr2", "os_image_hash");
  private static final BoundedJson JSON = BoundedJson.withMaxBytes(MAX_JSON_BYTES);

  /** Rejects null components. */
  public ImageMeasurement {
    Objects.requireNonNull(mrTd, "mrTd");
    Objects.requireNonNull(rtmr0, "rtmr0");
    Objects.requireNonNull(rtmr1, "rtmr1");
    Objects.requireNonNull(rtmr2, "rtmr2");
    Objects.requireNonNull(osImageHash, "osImageHash");
  }

  /**
   * Parses the image JSON.
   *
   * @throws ReplicatoorException {@code BAD_REQUEST} naming the offending field
   */
  public static ImageMeasurement parseJson(byte[] json) throws ReplicatoorException {
    JsonNode root;
    try {
      root = JSON.read(json);
    } catch (IOException e) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST, "image measurement JSON is not readable: " + e.getMessage());
    }
    if (!root.isObject()) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, "image measurement must be an object");
    }
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String k = field.getKey();
      if (!KNOWN.contains(k)) {
        throw new ReplicatoorException(
            ErrorCode.BAD_REQUEST, "image measurement has unknown field '" + k + "'");
      }
    }
    Optional<Bytes32> os = Optional.empty();
    if (root.has("os_image_hash")) {
      os = Optional.of(Bytes32.of(hexField(root, "os_image_hash", Bytes32.SIZE)));
    }
    return new ImageMeasurement(
        Measurement48.of(hexField(root, "mrtd", Measurement48.SIZE)),
        Measurement48.of(hexField(root, "rtmr0", Measurement48.SIZE)),
        Measurement48.of(hexField(root, "rtmr1", Measurement48.SIZE)),
        Measurement48.of(hexField(root, "rtmr2", Measurement48.SIZE)),
        os);
  }

  private static byte[] hexField(JsonNode root, String name, int size) throws ReplicatoorException {
    JsonNode n = root.get(name);
    if (n == null || !n.isTextual()) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST, "image measurement field '" + name + "' must be a hex string");
    }
    byte[] b;
    try {
      b = Hex.decode(n.asText());
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST, "image measurement field '" + name + "': " + e.getMessage());
    }
    if (b.length != size) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST,
          "image measurement field '" + name + "' must be " + size + " bytes, got " + b.length);
    }
    return b;
  }
}
