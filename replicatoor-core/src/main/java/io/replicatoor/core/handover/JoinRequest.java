package io.replicatoor.core.handover;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.internal.ByteReader;
import io.replicatoor.core.internal.Lp;
import io.replicatoor.core.internal.StrictJson;
import io.replicatoor.core.port.Evidence;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * B's answer to {@code POST /requestKey} and A's input to {@code POST /onboard} ({@code
 * docs/protocol.md} section 5.1), keeping the original field names {@code pubk} and {@code quote}.
 *
 * <p>The original relay scripts forward only those two fields ({@code curl -d "pubk=$PUBK" -d
 * "quote=$QUOTE" .../onboard}), so the two fields alone carry everything A needs: {@code pubk} is
 * B's X25519 key, and {@code quote} is the hex of a small container holding the block anchor, the
 * TDX quote and the event log ({@link #QUOTE_MAGIC}). The JSON answer repeats the anchor and event
 * log as readable fields, plus the protocol version:
 *
 * <pre>{"version":1,"pubk":hex(32),"quote":hex(container),"eventLog":string,
 *  "anchor":{"number":u63,"hash":hex(32)}}</pre>
 *
 * <p>A accepts that JSON, a JSON object with exactly {@code pubk} and {@code quote}, or the two
 * form fields ({@link #fromFields}); the readable copies, when present, must equal the container.
 */
public final class JoinRequest {
  /** Protocol version this build speaks. */
  public static final int VERSION = 1;

  /** X25519 public key size. */
  public static final int PUBK_BYTES = 32;

  /** First bytes of the {@code quote} field's container: "RPJ" and the protocol version 1. */
  public static final byte[] QUOTE_MAGIC = {'R', 'P', 'J', '1'};

  static final Set<String> FIELDS = Set.of("version", "pubk", "quote", "eventLog", "anchor");
  static final Set<String> ORIGINAL_FIELDS = Set.of("pubk", "quote");
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

  /** The {@code pubk} field: hex of B's X25519 public key. */
  public String pubkField() {
    return Hex.encode(pubk);
  }

  /**
   * The {@code quote} field: hex of {@code "RPJ1" ‖ u64(anchorNumber) ‖ anchorHash (32) ‖ lp(quote)
   * ‖ lp(eventLog as UTF-8)}.
   */
  public String quoteField() {
    byte[] log = evidence.eventLog().getBytes(StandardCharsets.UTF_8);
    byte[] c = Lp.builder().bytes(evidence.quote()).bytes(log).build(); // lp(quote) ‖ lp(eventLog)
    byte[] out = new byte[QUOTE_MAGIC.length + 8 + Bytes32.SIZE + c.length];
    System.arraycopy(QUOTE_MAGIC, 0, out, 0, QUOTE_MAGIC.length);
    System.arraycopy(Lp.u64be(anchor.number()), 0, out, QUOTE_MAGIC.length, 8);
    System.arraycopy(anchor.hash().toByteArray(), 0, out, QUOTE_MAGIC.length + 8, Bytes32.SIZE);
    System.arraycopy(c, 0, out, QUOTE_MAGIC.length + 8 + Bytes32.SIZE, c.length);
    return Hex.encode(out);
  }

  /** The JSON encoding (UTF-8). */
  public byte[] encode() {
    ObjectNode o = StrictJson.newObject();
    o.put("version", VERSION);
    o.put("pubk", pubkField());
    o.put("quote", quoteField());
    o.put("eventLog", evidence.eventLog());
    ObjectNode a = o.putObject("anchor");
    a.put("number", anchor.number());
    a.put("hash", anchor.hash().toHex());
    return StrictJson.write(o);
  }

  /**
   * Parses the JSON encoding, or a JSON object with only the original fields {@code pubk} and
   * {@code quote}.
   *
   * @throws ReplicatoorException {@code MESSAGE_MALFORMED} or {@code PROTOCOL_VERSION_UNSUPPORTED}
   */
  public static JoinRequest parse(byte[] json) throws ReplicatoorException {
    StrictJson j = StrictJson.parseEither(json, "join request", FIELDS, ORIGINAL_FIELDS);
    if (j.fieldNames().contains("version")) {
      checkVersion(j.u63("version"));
    }
    JoinRequest r = fromFields(j.text("pubk"), j.text("quote"));
    if (j.fieldNames().contains("anchor")) {
      StrictJson a = j.object("anchor", ANCHOR_FIELDS);
      BlockAnchor copy = new BlockAnchor(a.u63("number"), Bytes32.of(a.hex("hash", 32)));
      if (!copy.equals(r.anchor) || !j.text("eventLog").equals(r.evidence.eventLog())) {
        throw new ReplicatoorException(
            ErrorCode.MESSAGE_MALFORMED,
            "join request: anchor or eventLog differs from the quote field's container");
      }
    }
    return r;
  }

  /**
   * Builds a join request from the two original fields (for example form-encoded {@code
   * pubk=...&quote=...}).
   *
   * @throws ReplicatoorException {@code MESSAGE_MALFORMED} or {@code PROTOCOL_VERSION_UNSUPPORTED}
   */
  public static JoinRequest fromFields(String pubkHex, String quoteHex)
      throws ReplicatoorException {
    byte[] pubk = hexField("pubk", pubkHex);
    if (pubk.length != PUBK_BYTES) {
      throw new ReplicatoorException(ErrorCode.MESSAGE_MALFORMED, "pubk must be 32 bytes");
    }
    ByteReader r =
        new ByteReader(hexField("quote", quoteHex), ErrorCode.MESSAGE_MALFORMED, "quote");
    byte[] magic = r.bytes(QUOTE_MAGIC.length, "magic");
    if (!Arrays.equals(Arrays.copyOf(magic, 3), Arrays.copyOf(QUOTE_MAGIC, 3))) {
      throw r.fail("not a replicatoor join (a bare quote cannot be checked without its anchor)");
    }
    if (magic[3] != QUOTE_MAGIC[3]) {
      throw new ReplicatoorException(
          ErrorCode.PROTOCOL_VERSION_UNSUPPORTED, "join container version " + (char) magic[3]);
    }
    long number = r.u64("anchor number");
    if (number < 0) {
      throw r.fail("anchor number above 2^63 - 1");
    }
    Bytes32 hash = Bytes32.of(r.bytes(Bytes32.SIZE, "anchor hash"));
    byte[] quote = r.lp("quote", Evidence.MAX_QUOTE_BYTES);
    // A UTF-16 char is at most 3 UTF-8 bytes, so this bound admits every valid Evidence.
    byte[] log = r.lp("eventLog", 3 * Evidence.MAX_EVENT_LOG_CHARS);
    r.end();
    String logText;
    try {
      logText =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(log))
              .toString();
    } catch (CharacterCodingException e) {
      throw r.fail("eventLog is not UTF-8");
    }
    try {
      return new JoinRequest(pubk, Evidence.of(quote, logText), new BlockAnchor(number, hash));
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(ErrorCode.MESSAGE_MALFORMED, "quote: " + e.getMessage());
    }
  }

  private static byte[] hexField(String name, String hex) throws ReplicatoorException {
    if (hex == null || hex.length() > 2 * StrictJson.MAX_MESSAGE_BYTES) {
      throw new ReplicatoorException(ErrorCode.MESSAGE_MALFORMED, name + " missing or too long");
    }
    try {
      return Hex.decode(hex.strip());
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(ErrorCode.MESSAGE_MALFORMED, name + " must be hex");
    }
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
