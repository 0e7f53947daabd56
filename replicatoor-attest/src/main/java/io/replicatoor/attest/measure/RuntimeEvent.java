package io.replicatoor.attest.measure;

import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.bytes.Measurement48;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A dstack runtime (RTMR3) event: name, payload and digest format version; its digest is always
 * computed from name and payload, never taken from a log (dstack-guest-interface.md 4.3).
 *
 * @param name the event name (UTF-8 on the wire)
 * @param payload the event payload
 * @param version 1 (binary preimage, every release through v0.5.11) or 2 (JCS preimage, HEAD)
 */
public record RuntimeEvent(String name, Bytes payload, int version) {
  /** The dstack runtime event type {@code 0x08000001} (a dstack value, not a TCG one). */
  public static final long EVENT_TYPE = 0x08000001L;

  /** The V1 separator byte {@code ':'}. */
  private static final byte SEPARATOR = 0x3A;

  /** Checks the version and that the name is well-formed UTF-16 (so UTF-8 encoding is exact). */
  public RuntimeEvent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(payload, "payload");
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("runtime event version must be 1 or 2, got " + version);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
          throw new IllegalArgumentException("event name has a lone surrogate at index " + i);
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        throw new IllegalArgumentException("event name has a lone surrogate at index " + i);
      }
    }
  }

  /** A V1 event. */
  public static RuntimeEvent v1(String name, Bytes payload) {
    return new RuntimeEvent(name, payload, 1);
  }

  /** A V2 event. */
  public static RuntimeEvent v2(String name, Bytes payload) {
    return new RuntimeEvent(name, payload, 2);
  }

  /** The bytes hashed for this event's digest. */
  public byte[] preimage() {
    return version == 1 ? v1Preimage() : v2Preimage().getBytes(StandardCharsets.UTF_8);
  }

  /** SHA-384 of {@link #preimage()}: the value extended into RTMR3. */
  public Measurement48 digest() {
    return Digests.sha384(preimage());
  }

  /** V1: {@code u32_le(0x08000001) || ':' || name_utf8 || ':' || payload}. */
  private byte[] v1Preimage() {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] p = payload.toByteArray();
    byte[] out = new byte[Math.addExact(Math.addExact(4 + 1 + 1, n.length), p.length)];
    int t = (int) EVENT_TYPE;
    out[0] = (byte) t;
    out[1] = (byte) (t >>> 8);
    out[2] = (byte) (t >>> 16);
    out[3] = (byte) (t >>> 24);
    out[4] = SEPARATOR;
    System.arraycopy(n, 0, out, 5, n.length);
    out[5 + n.length] = SEPARATOR;
    System.arraycopy(p, 0, out, 6 + n.length, p.length);
    return out;
  }

  /**
   * V2: the RFC 8785 (JCS) form of {@code {"name": name, "payload": hex(payload), "type":
   * 134217729}}; keys are already in sorted order.
   */
  public String v2Preimage() {
    StringBuilder sb = new StringBuilder(64 + name.length() + payload.length() * 2);
    sb.append("{\"name\":");
    jcsString(sb, name);
    sb.append(",\"payload\":\"").append(payload.toHex()).append("\",\"type\":");
    sb.append(EVENT_TYPE).append('}');
    return sb.toString();
  }

  /** RFC 8785 section 3.2.2.2 string serialisation (ECMAScript JSON.stringify rules). */
  private static void jcsString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  @Override
  public String toString() {
    return "RuntimeEvent[" + name + ", v" + version + ", " + payload.length() + " bytes]";
  }
}
