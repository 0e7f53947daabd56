package io.replicatoor.core.state;

import io.replicatoor.core.bytes.ImmutableBytes;
import io.replicatoor.core.crypto.Keccak256;
import java.util.Arrays;

/**
 * A 20-byte Ethereum address: the {@code UpgradeOperator} contract of the deployment, or the
 * address of a secp256k1 public key ({@code keccak256(x ‖ y)[12..32]}).
 */
public final class EthereumAddress extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 20;

  private EthereumAddress(byte[] value) {
    super(value, SIZE, "Ethereum address");
  }

  /** Wraps 20 bytes. */
  public static EthereumAddress of(byte[] value) {
    return new EthereumAddress(value);
  }

  /** Parses hex (optional {@code 0x}, either case; the EIP-55 checksum is not enforced). */
  public static EthereumAddress fromHex(String hex) {
    return new EthereumAddress(parseHex(hex, "Ethereum address"));
  }

  /**
   * The address of an uncompressed SEC1 public key ({@code 0x04 ‖ x ‖ y}, 65 bytes).
   *
   * @throws IllegalArgumentException when the key is not 65 bytes starting with {@code 0x04}
   */
  public static EthereumAddress ofPublicKey(byte[] uncompressed) {
    if (uncompressed.length != 65 || uncompressed[0] != 0x04) {
      throw new IllegalArgumentException("expected a 65-byte uncompressed SEC1 public key");
    }
    byte[] h = Keccak256.digest(Arrays.copyOfRange(uncompressed, 1, 65));
    return new EthereumAddress(Arrays.copyOfRange(h, 12, 32));
  }
}
