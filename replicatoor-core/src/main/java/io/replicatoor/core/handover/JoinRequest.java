package io.replicatoor.core.handover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.internal.StrictJson;
import io.replicatoor.core.port.Evidence;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * B's answer to {@code POST /requestKey} and A's input to {@code POST /onboard}. JSON ({@code
 * docs/protocol.md} section 5.1), keeping the original field names {@code pubk} and {@code quote}:
 *
 * <pre>{"version":1,"pubk":hex(32),"quote":hex,"eventLog":string,
 *  "anchor":{"number":u63,"hash":hex(32)}}</pre>
 */
public final class JoinRequest {
  /** Protocol version this build speaks. */
  public static final int VERSION = 1;

  /** X25519 public key size. */
  public static final int PUBK_BYTES = 32;

  static final Set<String> FIELDS = Set.of("version", "pubk", "quote", "eventLog", "anchor");
  static final Set<String> ANCHOR_FIELDS = Set.of("number", "hash");

  private final byte[] pubk;
  private final Evidence evidence;
  private final BlockAnchor anchor;

  JoinRequest(byte[] pubk, Evidence evidence, BlockAnchor anchor) {
    if (pubk.length != PUBK_BYTES) {
      throw new IllegalArgumentException("pubk must be 32 bytes");
    }
    this.pubk = pubk.clone();
    this.evidence = Objects.requireNonNull(evidence);
    this.anchor = Objects.requireNonNull(anchor);
  }

  /** B's ephemeral X25519 public key. */
  public byte[] pubk() {
    return pubk.clone();
  }

  /** B's quote and event log. */
  public Evidence evidence() {
    return evidence;
  }

  /** B's block anchor. */
  public BlockAnchor anchor() {
    return anchor;
  }

  /** The JSON encoding (UTF-8). */
  public byte[] encode() {
    ObjectNode o = StrictJson.newObject();
    o.put("version", VERSION);
    o.put("pubk", Hex.encode(pubk));
    o.put("quote", evidence.quoteHex());
    o.put("eventLog", evidence.eventLog());
    ObjectNode a = o.putObject("anchor");
    a.put("number", anchor.number());
    a.put("hash", anchor.hash().toHex());
    return StrictJson.write(o);
  }

  /**
   * Parses the JSON encoding.
   *
   * @throws ReplicatoorException {@code MESSAGE_MALFORMED} or {@code PROTOCOL_VERSION_UNSUPPORTED}
   */
  public static JoinRequest parse(byte[] json) throws ReplicatoorException {
    StrictJson j = StrictJson.parse(json, "join request", FIELDS);
    checkVersion(j.u63("version"));
    byte[] pubk = j.hex("pubk", PUBK_BYTES);
    Evidence ev = evidence(j);
    StrictJson a = j.object("anchor", ANCHOR_FIELDS);
    BlockAnchor anchor = new BlockAnchor(a.u63("number"), Bytes32.of(a.hex("hash", 32)));
    return new JoinRequest(pubk, ev, anchor);
  }

  static void checkVersion(long v) throws ReplicatoorException {
    if (v != VERSION) {
      throw new ReplicatoorException(
          ErrorCode.PROTOCOL_VERSION_UNSUPPORTED, "protocol version " + v + " (this build: 1)");
    }
  }

  static Evidence evidence(StrictJson j) throws ReplicatoorException {
    byte[] quote = j.hex("quote");
    String log = j.text("eventLog");
    try {
      return Evidence.of(quote, log);
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(ErrorCode.MESSAGE_MALFORMED, "evidence: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JoinRequest r
        && Arrays.equals(r.pubk, pubk)
        && r.evidence.equals(evidence)
        && r.anchor.equals(anchor);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(pubk) * 31 + anchor.hashCode();
  }

  @Override
  public String toString() {
    return "JoinRequest[pubk=" + Hex.encode(pubk) + ", anchor=" + anchor.number() + "]";
  }
}
