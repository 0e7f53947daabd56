package io.replicatoor.chain.admin;

import io.replicatoor.chain.Address;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * A secp256k1 transaction-signing key for the owner tooling, held in {@link SecretBytes}. {@link
 * #toString()} shows only the address; the key never appears in messages or output.
 *
 * <p>Sources: a hex private key (64 hex digits, {@code 0x} optional) in an environment variable or
 * a file, or an Ethereum JSON keystore (v3) file whose password comes from an environment variable.
 */
public final class SigningKey {
  /** Size of a secp256k1 private key. */
  public static final int PRIVATE_KEY_LENGTH = 32;

  /** Largest key file read (a v3 keystore is about 500 bytes). */
  static final int MAX_KEY_FILE_BYTES = 64 * 1024;

  private final SecretBytes privateKey;
  private final Address address;

  private SigningKey(SecretBytes privateKey) {
    this.privateKey = privateKey;
    byte[] k = privateKey.reveal(SecretAccess.insecure());
    try {
      this.address = Address.fromHex(Keys.getAddress(ECKeyPair.create(k)));
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** Parses a hex private key; the message on failure never echoes the input. */
  public static SigningKey fromHex(String hex) throws ReplicatoorException {
    String h = hex == null ? "" : hex.strip();
    if (h.startsWith("0x") || h.startsWith("0X")) {
      h = h.substring(2);
    }
    if (h.length() != 2 * PRIVATE_KEY_LENGTH
        || !h.chars().allMatch(c -> c < 0x80 && Character.digit(c, 16) >= 0)) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST,
          "private key must be " + 2 * PRIVATE_KEY_LENGTH + " hex digits (value not shown)");
    }
    byte[] k = HexFormat.of().parseHex(h);
    try {
      BigInteger d = new BigInteger(1, k);
      if (d.signum() == 0 || d.compareTo(Sign.CURVE_PARAMS.getN()) >= 0) {
        throw new ReplicatoorException(ErrorCode.BAD_REQUEST, "private key is out of range");
      }
      return new SigningKey(SecretBytes.copyOf(k));
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** Reads a hex private key from environment variable {@code var} of {@code env}. */
  public static SigningKey fromEnv(String var, Map<String, String> env)
      throws ReplicatoorException {
    String v = env.get(var);
    if (v == null || v.isBlank()) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST, "environment variable " + var + " is not set");
    }
    return fromHex(v);
  }

  /**
   * Reads {@code file}: a JSON keystore (v3) when it starts with '{', decrypted with the password
   * in environment variable {@code passwordVar}; otherwise a hex private key.
   */
  public static SigningKey fromFile(Path file, String passwordVar, Map<String, String> env)
      throws ReplicatoorException {
    byte[] raw;
    try {
      if (Files.size(file) > MAX_KEY_FILE_BYTES) {
        throw new ReplicatoorException(ErrorCode.BAD_REQUEST, "key file " + file + " is too large");
      }
      raw = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ReplicatoorException(ErrorCode.BAD_REQUEST, "cannot read key file " + file);
    }
    String text = new String(raw, StandardCharsets.UTF_8).strip();
    Arrays.fill(raw, (byte) 0);
    if (!text.startsWith("{")) {
      return fromHex(text);
    }
    if (passwordVar == null) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST, "key file " + file + " is a keystore: give --password-env VAR");
    }
    String password = env.get(passwordVar);
    if (password == null) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST, "environment variable " + passwordVar + " is not set");
    }
    try {
      Credentials c = WalletUtils.loadCredentials(password, file.toFile());
      byte[] k = Bytes.unsigned32(c.getEcKeyPair().getPrivateKey());
      try {
        return new SigningKey(SecretBytes.copyOf(k));
      } finally {
        Arrays.fill(k, (byte) 0);
      }
    } catch (CipherException e) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST,
          "cannot decrypt keystore " + file + " (wrong password or corrupt file)");
    } catch (IOException | RuntimeException e) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST, "key file " + file + " is not a valid keystore");
    }
  }

  /** The account address this key signs for. */
  public Address address() {
    return address;
  }

  Credentials credentials() {
    byte[] k = privateKey.reveal(SecretAccess.insecure());
    try {
      return Credentials.create(ECKeyPair.create(k));
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "SigningKey[" + address + ", private key REDACTED]";
  }

  /** Byte helpers. */
  static final class Bytes {
    private Bytes() {}

    static byte[] unsigned32(BigInteger v) {
      byte[] b = v.toByteArray();
      byte[] out = new byte[PRIVATE_KEY_LENGTH];
      int n = Math.min(b.length, PRIVATE_KEY_LENGTH);
      System.arraycopy(b, b.length - n, out, PRIVATE_KEY_LENGTH - n, n);
      return out;
    }
  }
}
