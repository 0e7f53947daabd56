package io.replicatoor.core.state;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;

/** The algorithms {@code deriveKey} serves; the wire name goes into the HKDF {@code info}. */
public enum KeyAlgorithm {
  /** secp256k1 private scalar (the dstack SDK's default); answers carry the Ethereum address. */
  SECP256K1("secp256k1"),
  /** Ed25519 seed (RFC 8032 private key). */
  ED25519("ed25519"),
  /** 32 raw bytes (for symmetric use); answers carry no public key and no signature. */
  RAW("raw");

  private final String wireName;

  KeyAlgorithm(String wireName) {
    this.wireName = wireName;
  }

  /** The name used on the wire and in the derivation {@code info}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses a wire name; {@code k256} is accepted as dstack's alias of {@code secp256k1}.
   *
   * @throws ReplicatoorException {@code BAD_REQUEST} for any other name
   */
  public static KeyAlgorithm parse(String name) throws ReplicatoorException {
    if ("k256".equals(name)) {
      return SECP256K1;
    }
    for (KeyAlgorithm a : values()) {
      if (a.wireName.equals(name)) {
        return a;
      }
    }
    throw new ReplicatoorException(
        ErrorCode.BAD_REQUEST, "unknown algorithm; expected secp256k1, ed25519 or raw");
  }
}
