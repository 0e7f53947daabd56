package io.replicatoor.cli;

import io.replicatoor.attest.measure.ReferenceMeasurement;
import io.replicatoor.core.bytes.Bytes32;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The one {@code --compose FILE}, {@code --compose-hash HEX} and {@code --os-image-hash HEX}
 * (rtmr3, upgrade propose): the app's app-compose.json or only its SHA-256, and the dstack OS image
 * hash measured with it.
 */
public final class ComposeOptions {
  /** The help of every {@code --compose FILE} that is measured. */
  static final String FILE_DESCRIPTION =
      "app-compose.json exactly as deployed (its exact bytes are hashed with SHA-256).";

  @Option(names = "--compose", paramLabel = "FILE", description = FILE_DESCRIPTION)
  Path file;

  @Option(
      names = "--compose-hash",
      paramLabel = "HEX",
      description = "SHA-256 of app-compose.json (32 bytes), instead of --compose.")
  String hash;

  @Option(
      names = "--os-image-hash",
      paramLabel = "HEX",
      description = "dstack OS image hash (32 bytes); without it no OS image hash is bound.")
  String osImageHash;

  /** True when {@code --compose} was given. */
  public boolean fileGiven() {
    return file != null;
  }

  /** True when {@code --compose-hash} was given. */
  public boolean hashGiven() {
    return hash != null;
  }

  /** The exact bytes of the {@code --compose} file. */
  public byte[] read() {
    return CliFiles.read(file, "--compose");
  }

  /** The {@code --compose-hash} value. */
  public Bytes32 givenHash() {
    return CliHex.bytes32(hash, "--compose-hash");
  }

  /** True when {@code --os-image-hash} was given. */
  public boolean osImageHashGiven() {
    return osImageHash != null;
  }

  /** The {@code --os-image-hash} value, if given. */
  public Optional<Bytes32> osImageHash() {
    return CliHex.optionalBytes32(osImageHash, "--os-image-hash");
  }

  /** The compose hash, from exactly one of {@code --compose} and {@code --compose-hash}. */
  Bytes32 composeHash() {
    if (fileGiven() == hashGiven()) {
      throw new UsageException("give exactly one of --compose and --compose-hash");
    }
    return fileGiven() ? ReferenceMeasurement.composeHash(read()) : givenHash();
  }
}
