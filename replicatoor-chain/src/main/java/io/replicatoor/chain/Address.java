package io.replicatoor.chain;

import io.replicatoor.core.bytes.ImmutableBytes;

/** An immutable 20-byte Ethereum account address; {@code toString} is {@code 0x}-prefixed hex. */
public final class Address extends ImmutableBytes {
  /** Size in bytes. */
  public static final int LENGTH = 20;

  /** The zero address (used for "no guardian"). */
  public static final Address ZERO = new Address(new byte[LENGTH]);

  private Address(byte[] value) {
    super(value, LENGTH, "address");
  }

  /** Copies exactly 20 bytes. */
  public static Address of(byte[] value) {
    return new Address(value);
  }

  /** Parses 40 hex digits, with or without {@code 0x} (checksum case is not required). */
  public static Address fromHex(String hex) {
    return new Address(parseHex(hex, "address"));
  }

  /** {@code 0x}-prefixed lowercase hex, the JSON-RPC form. */
  @Override
  public String toString() {
    return toPrefixedHex();
  }
}
