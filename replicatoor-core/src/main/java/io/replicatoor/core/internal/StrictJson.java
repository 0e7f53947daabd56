package io.replicatoor.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.json.BoundedJson;
import io.replicatoor.core.json.JsonLimits;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict protocol messages on top of {@link BoundedJson} (the one JSON parser: bounded size and
 * depth, no duplicate keys, no trailing content): one object, exactly the expected fields (unknown
 * or missing fields refused), integers that fit in a non-negative {@code long}, hex strings. Every
 * failure is {@link ErrorCode#MESSAGE_MALFORMED}. Writing uses a plain {@link ObjectMapper}.
 */
public final class StrictJson {
  /** Largest message accepted (a quote is about 5 KB hex-doubled; event logs up to ~100 KB). */
  public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ObjectNode node;
  private final String what;

  private StrictJson(ObjectNode node, String what) {
    this.node = node;
    this.what = what;
  }

  private static final BoundedJson READER =
      BoundedJson.of(new JsonLimits(MAX_MESSAGE_BYTES, 8, MAX_MESSAGE_BYTES, 32));

  /** The shared mapper for writing messages. */
  public static ObjectMapper writer() {
    return MAPPER;
  }

  /**
   * Parses {@code json} as one object with exactly {@code fields}.
   *
   * @throws ReplicatoorException {@code MESSAGE_MALFORMED} otherwise
   */
  public static StrictJson parse(byte[] json, String what, Set<String> fields)
      throws ReplicatoorException {
    if (json == null || json.length > MAX_MESSAGE_BYTES) {
      throw malformed(what, "missing or larger than " + MAX_MESSAGE_BYTES + " bytes");
    }
    JsonNode n;
    try {
      n = READER.read(json);
    } catch (IOException | RuntimeException e) {
      throw malformed(what, "not valid JSON");
    }
    return object(n, what, fields);
  }

  /**
   * Parses {@code json} as one object whose fields are exactly {@code fields} or exactly {@code
   * alternative}.
   *
   * @throws ReplicatoorException {@code MESSAGE_MALFORMED} otherwise
   */
  public static StrictJson parseEither(
      byte[] json, String what, Set<String> fields, Set<String> alternative)
      throws ReplicatoorException {
    StrictJson j = parse(json, what, null);
    Set<String> seen = j.fieldNames();
    if (!seen.equals(new TreeSet<>(fields)) && !seen.equals(new TreeSet<>(alternative))) {
      throw malformed(
          what,
          "fields must be exactly " + new TreeSet<>(fields) + " or " + new TreeSet<>(alternative));
    }
    return j;
  }

  private static StrictJson object(JsonNode n, String what, Set<String> fields)
      throws ReplicatoorException {
    if (n == null || !n.isObject()) {
      throw malformed(what, "expected a JSON object");
    }
    StrictJson j = new StrictJson((ObjectNode) n, what);
    if (fields != null && !j.fieldNames().equals(new TreeSet<>(fields))) {
      throw malformed(what, "fields must be exactly " + new TreeSet<>(fields));
    }
    return j;
  }

  /** The object's field names. */
  public Set<String> fieldNames() {
    Set<String> seen = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      seen.add(it.next());
    }
    return seen;
  }

  /** A nested object with exactly {@code fields}. */
  public StrictJson object(String field, Set<String> fields) throws ReplicatoorException {
    return object(node.get(field), what + "." + field, fields);
  }

  /** A string field. */
  public String text(String field) throws ReplicatoorException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw malformed(what, field + " must be a string");
    }
    return v.textValue();
  }

  /** A hex string field (optional {@code 0x}), decoded. */
  public byte[] hex(String field) throws ReplicatoorException {
    try {
      return Hex.decode(text(field));
    } catch (IllegalArgumentException e) {
      throw malformed(what, field + " must be hex");
    }
  }

  /** A hex string field of exactly {@code length} bytes. */
  public byte[] hex(String field, int length) throws ReplicatoorException {
    byte[] b = hex(field);
    if (b.length != length) {
      throw malformed(what, field + " must be " + length + " bytes");
    }
    return b;
  }

  /** A non-negative integer field that fits in a {@code long}. */
  public long u63(String field) throws ReplicatoorException {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
      throw malformed(what, field + " must be a non-negative integer below 2^63");
    }
    return v.longValue();
  }

  /** Serialises a tree to UTF-8 bytes. */
  public static byte[] write(ObjectNode n) {
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a JSON tree (bug)", e);
    }
  }

  /** A new empty object. */
  public static ObjectNode newObject() {
    return MAPPER.createObjectNode();
  }

  private static ReplicatoorException malformed(String what, String why) {
    return new ReplicatoorException(ErrorCode.MESSAGE_MALFORMED, what + ": " + why);
  }
}
