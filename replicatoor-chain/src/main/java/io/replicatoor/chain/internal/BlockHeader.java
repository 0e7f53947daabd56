package io.replicatoor.chain.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.crypto.Keccak256;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A block header parsed from an {@code eth_getBlockByNumber} answer, re-encoded with RLP and hashed
 * by us (upgrade-governance.md 5.3). Nothing here is trusted until {@link #claimedHash()} equals
 * {@link #computedHash()} and a quorum agrees on it.
 */
public final class BlockHeader {
  /** Kind of a header field: fixed-width bytes, variable bytes, or a minimal integer. */
  private enum Kind {
    FIXED,
    BYTES,
    INTEGER
  }

  /** One field of the header list, in RLP order, with its JSON name. */
  private record Field(String json, Kind kind, int width) {}

  /**
   * The header list: fields 1–15, present since Frontier, then fields 16–21, appended by later
   * forks (London, Shanghai, Cancun ×3, Prague). A header has every base field and a prefix of the
   * fork fields: a later fork field without all earlier ones is rejected.
   */
  private static final List<Field> FIELDS =
      List.of(
          new Field("parentHash", Kind.FIXED, 32),
          new Field("sha3Uncles", Kind.FIXED, 32),
          new Field("miner", Kind.FIXED, 20),
          new Field("stateRoot", Kind.FIXED, 32),
          new Field("transactionsRoot", Kind.FIXED, 32),
          new Field("receiptsRoot", Kind.FIXED, 32),
          new Field("logsBloom", Kind.FIXED, 256),
          new Field("difficulty", Kind.INTEGER, 0),
          new Field("number", Kind.INTEGER, 0),
          new Field("gasLimit", Kind.INTEGER, 0),
          new Field("gasUsed", Kind.INTEGER, 0),
          new Field("timestamp", Kind.INTEGER, 0),
          new Field("extraData", Kind.BYTES, 0),
          new Field("mixHash", Kind.FIXED, 32),
          new Field("nonce", Kind.FIXED, 8),
          new Field("baseFeePerGas", Kind.INTEGER, 0),
          new Field("withdrawalsRoot", Kind.FIXED, 32),
          new Field("blobGasUsed", Kind.INTEGER, 0),
          new Field("excessBlobGas", Kind.INTEGER, 0),
          new Field("parentBeaconBlockRoot", Kind.FIXED, 32),
          new Field("requestsHash", Kind.FIXED, 32));

  /** How many of {@link #FIELDS} every header has. */
  private static final int BASE_FIELDS = 15;

  /** extraData is at most 32 bytes on mainnet; accept up to 1 KiB from other chains. */
  static final int MAX_EXTRA_DATA = 1024;

  private final byte[] claimedHash;
  private final byte[] computedHash;
  private final byte[] stateRoot;
  private final long number;
  private final long timestamp;

  private BlockHeader(
      byte[] claimedHash, byte[] computedHash, byte[] stateRoot, long number, long timestamp) {
    this.claimedHash = claimedHash;
    this.computedHash = computedHash;
    this.stateRoot = stateRoot;
    this.number = number;
    this.timestamp = timestamp;
  }

  /** Parses the JSON header and recomputes its hash; throws on a malformed field. */
  public static BlockHeader fromJson(JsonNode block) throws ReplicatoorException {
    if (block == null || !block.isObject()) {
      throw malformed("block is not a JSON object");
    }
    List<byte[]> encoded = new ArrayList<>();
    for (Field f : FIELDS.subList(0, BASE_FIELDS)) {
      encoded.add(encodeField(block, f));
    }
    boolean ended = false;
    for (Field f : FIELDS.subList(BASE_FIELDS, FIELDS.size())) {
      boolean present = block.hasNonNull(f.json());
      if (present && ended) {
        throw malformed("header has " + f.json() + " but lacks an earlier fork field");
      }
      if (!present) {
        ended = true;
        continue;
      }
      encoded.add(encodeField(block, f));
    }
    byte[] computed = Keccak256.digest(Rlp.encodeList(encoded));
    byte[] claimed = fixed(block, "hash", 32);
    BigInteger n = integer(block, "number");
    BigInteger t = integer(block, "timestamp");
    if (n.bitLength() > 62 || t.bitLength() > 62) {
      throw malformed("number or timestamp out of range");
    }
    return new BlockHeader(
        claimed, computed, fixed(block, "stateRoot", 32), n.longValueExact(), t.longValueExact());
  }

  private static byte[] encodeField(JsonNode block, Field f) throws ReplicatoorException {
    return switch (f.kind()) {
      case FIXED -> Rlp.encodeBytes(fixed(block, f.json(), f.width()));
      case BYTES -> {
        byte[] b = data(block, f.json());
        if (b.length > MAX_EXTRA_DATA) {
          throw malformed(f.json() + " is " + b.length + " bytes");
        }
        yield Rlp.encodeBytes(b);
      }
      case INTEGER -> Rlp.encodeUnsigned(integer(block, f.json()));
    };
  }

  private static byte[] fixed(JsonNode block, String name, int width) throws ReplicatoorException {
    byte[] b = data(block, name);
    if (b.length != width) {
      throw malformed(name + " is " + b.length + " bytes, expected " + width);
    }
    return b;
  }

  private static byte[] data(JsonNode block, String name) throws ReplicatoorException {
    String s = text(block, name);
    if (!s.startsWith("0x") || (s.length() & 1) != 0) {
      throw malformed(name + " is not 0x-prefixed even-length hex");
    }
    try {
      return HexFormat.of().parseHex(s, 2, s.length());
    } catch (IllegalArgumentException e) {
      throw malformed(name + " is not hex");
    }
  }

  /** Parses a JSON-RPC QUANTITY ({@code 0x0}, {@code 0x1f}; no leading zeros). */
  public static BigInteger quantity(String s, String name) throws ReplicatoorException {
    if (s == null
        || !s.startsWith("0x")
        || s.length() < 3
        || s.length() > 66
        || (s.length() > 3 && s.charAt(2) == '0')) {
      throw malformed(name + " is not a hex quantity");
    }
    // BigInteger alone accepts a sign ("0x-1", "0x+1"); a QUANTITY is hex digits only.
    for (int i = 2; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
        throw malformed(name + " is not a hex quantity");
      }
    }
    try {
      return new BigInteger(s.substring(2), 16);
    } catch (NumberFormatException e) {
      throw malformed(name + " is not a hex quantity");
    }
  }

  /** Parses a storage key as echoed by a node: either a QUANTITY or 32-byte DATA (nodes differ). */
  public static BigInteger quantityOrData(String s, String name) throws ReplicatoorException {
    if (s != null && s.length() == 66 && s.startsWith("0x")) {
      try {
        return new BigInteger(1, HexFormat.of().parseHex(s, 2, 66));
      } catch (IllegalArgumentException e) {
        throw new ReplicatoorException(ErrorCode.PROOF_INVALID, name + " is not hex");
      }
    }
    try {
      return quantity(s, name);
    } catch (ReplicatoorException e) {
      throw new ReplicatoorException(ErrorCode.PROOF_INVALID, name + " is not a hex key");
    }
  }

  private static BigInteger integer(JsonNode block, String name) throws ReplicatoorException {
    return quantity(text(block, name), name);
  }

  private static String text(JsonNode block, String name) throws ReplicatoorException {
    JsonNode n = block.get(name);
    if (n == null || !n.isTextual()) {
      throw malformed("header field " + name + " is missing or not a string");
    }
    return n.textValue();
  }

  private static ReplicatoorException malformed(String detail) {
    return new ReplicatoorException(ErrorCode.RPC_ERROR, "malformed block header: " + detail);
  }

  /** True when the recomputed hash equals the hash the endpoint reported. */
  public boolean hashMatches() {
    return MessageDigest.isEqual(claimedHash, computedHash);
  }

  /** The hash the endpoint reported (a copy). */
  public byte[] claimedHash() {
    return claimedHash.clone();
  }

  /** keccak256(RLP(fields)) computed here (a copy). */
  public byte[] computedHash() {
    return computedHash.clone();
  }

  /** The state root (a copy). */
  public byte[] stateRoot() {
    return stateRoot.clone();
  }

  public long number() {
    return number;
  }

  public long timestamp() {
    return timestamp;
  }
}
