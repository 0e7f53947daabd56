package io.replicatoor.cli.upgrade;

import io.replicatoor.cli.CliHex;
import io.replicatoor.core.measure.MeasurementId;
import picocli.CommandLine.Option;

/** {@code --measurement-id HEX}. */
final class MeasurementIdOption {
  @Option(
      names = "--measurement-id",
      required = true,
      paramLabel = "HEX",
      description = "Measurement id (32 bytes), as printed by measure or propose.")
  String id;

  MeasurementId value() {
    return MeasurementId.of(CliHex.bytes32(id, "--measurement-id"));
  }
}
