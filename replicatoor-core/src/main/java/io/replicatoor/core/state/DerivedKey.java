package io.replicatoor.core.state;

import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.bytes.Hex;
import java.util.Objects;
import java.util.Optional;

/**
 * A key derived for an application, with its public metadata and signature chain.
 *
 * @param algorithm the algorithm
 * @param purpose the purpose string
 * @param path the path string
 * @param key the private key (secp256k1 scalar, Ed25519 seed or raw bytes), 32 bytes
 * @param publicKey secp256k1: 65-byte uncompressed SEC1; Ed25519: 32 bytes; raw: empty
 * @param address secp256k1 only: the Ethereum address of {@code publicKey}
 * @param signature secp256k1 and Ed25519: the state identity key's signature ({@code r ‖ s ‖ v})
 *     over {@code keccak256(lp("replicatoor/v1/key-signature") ‖ lp(algorithm) ‖ lp(purpose) ‖
 *     lp(path) ‖ lp(publicKey))}; raw: empty
 * @param statePublicKey the state identity public key (65 bytes) the signature verifies against;
 *     its fingerprint is the registered one
 */
public record DerivedKey(
    KeyAlgorithm algorithm,
    String purpose,
    String path,
    SecretBytes key,
    byte[] publicKey,
    Optional<EthereumAddress> address,
    byte[] signature,
    byte[] statePublicKey) {

  /** Checks for nulls and copies the arrays. */
  public DerivedKey {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(address, "address");
    publicKey = publicKey.clone();
    signature = signature.clone();
    statePublicKey = statePublicKey.clone();
  }

  /** A copy of the public key. */
  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** A copy of the signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** A copy of the state identity public key. */
  @Override
  public byte[] statePublicKey() {
    return statePublicKey.clone();
  }

  /** Public fields only; the key prints as redacted. */
  @Override
  public String toString() {
    return "DerivedKey["
        + algorithm.wireName()
        + ", purpose="
        + purpose
        + ", path="
        + path
        + ", key="
        + key
        + ", publicKey="
        + Hex.encode(publicKey)
        + "]";
  }

  /** Identity comparison only (records would otherwise compare arrays by reference anyway). */
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
