package io.replicatoor.cli.upgrade;

import io.replicatoor.attest.measure.ImageMeasurement;
import io.replicatoor.attest.measure.Measurement;
import io.replicatoor.attest.measure.ReferenceMeasurement;
import io.replicatoor.chain.Bytes32;
import io.replicatoor.chain.MeasurementParts;
import io.replicatoor.cli.CliFiles;
import io.replicatoor.cli.CliHex;
import io.replicatoor.cli.UsageException;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The measurement, in one of two forms: files ({@code --compose}, {@code --image}) or hex parts.
 * Checked here rather than with picocli groups so that mixing the forms says so.
 */
final class MeasurementSource {
  @Option(
      names = "--compose",
      paramLabel = "FILE",
      description = "Form 1: app-compose.json exactly as deployed (hashed with SHA-256).")
  Path compose;

  @Option(
      names = "--image",
      paramLabel = "FILE",
      description =
          "Form 1: image registers JSON {mrtd, rtmr0, rtmr1, rtmr2[, os_image_hash]}"
              + " (dstack-mr output).")
  Path image;

  @Option(names = "--mrtd", paramLabel = "HEX", description = "Form 2: MRTD (48 bytes).")
  String mrtd;

  @Option(names = "--rtmr0", paramLabel = "HEX", description = "Form 2: RTMR0 (48 bytes).")
  String rtmr0;

  @Option(names = "--rtmr1", paramLabel = "HEX", description = "Form 2: RTMR1 (48 bytes).")
  String rtmr1;

  @Option(names = "--rtmr2", paramLabel = "HEX", description = "Form 2: RTMR2 (48 bytes).")
  String rtmr2;

  @Option(
      names = "--compose-hash",
      paramLabel = "HEX",
      description = "Form 2: SHA-256 of app-compose.json (32 bytes).")
  String composeHash;

  @Option(
      names = "--os-image-hash",
      paramLabel = "HEX",
      description = "Form 2: bind the dstack OS image hash (32 bytes); default 32 zero bytes.")
  String osImageHash;

  MeasurementParts parts() throws ReplicatoorException {
    boolean anyFile = compose != null || image != null;
    boolean anyHex =
        mrtd != null
            || rtmr0 != null
            || rtmr1 != null
            || rtmr2 != null
            || composeHash != null
            || osImageHash != null;
    if (anyFile && anyHex) {
      throw new UsageException(
          "give the measurement as --compose/--image or as --mrtd, --rtmr0, --rtmr1, --rtmr2,"
              + " --compose-hash [--os-image-hash]; use one form or the other");
    }
    if (!anyFile && !anyHex) {
      throw new UsageException(
          "give the measurement as --compose FILE --image FILE, or as --mrtd, --rtmr0, --rtmr1,"
              + " --rtmr2, --compose-hash [--os-image-hash]");
    }
    return anyFile ? fromFiles() : fromHex();
  }

  private MeasurementParts fromFiles() throws ReplicatoorException {
    if (compose == null || image == null) {
      throw new UsageException("--compose and --image go together");
    }
    Measurement m =
        ReferenceMeasurement.compute(
                CliFiles.read(compose, "--compose"),
                ImageMeasurement.parseJson(CliFiles.read(image, "--image")))
            .measurement();
    MeasurementParts p =
        MeasurementParts.of(
            m.mrTd().toByteArray(),
            m.rtmr0().toByteArray(),
            m.rtmr1().toByteArray(),
            m.rtmr2().toByteArray(),
            Bytes32.of(m.composeHash().toByteArray()),
            Bytes32.of(m.osImageHash().toByteArray()));
    // Two independent Keccak implementations must agree on the id.
    if (!p.id().equals(Bytes32.of(m.measurementId().toByteArray()))) {
      throw new ReplicatoorException(ErrorCode.INTERNAL, "measurement id implementations disagree");
    }
    return p;
  }

  private MeasurementParts fromHex() {
    String[][] required = {
      {"--mrtd", mrtd},
      {"--rtmr0", rtmr0},
      {"--rtmr1", rtmr1},
      {"--rtmr2", rtmr2},
      {"--compose-hash", composeHash}
    };
    for (String[] p : required) {
      if (p[1] == null) {
        throw new UsageException(
            p[0]
                + " is missing (the hex form needs --mrtd, --rtmr0, --rtmr1, --rtmr2 and"
                + " --compose-hash)");
      }
    }
    int reg = MeasurementParts.REGISTER_LENGTH;
    return MeasurementParts.of(
        CliHex.parse(mrtd, "--mrtd", reg),
        CliHex.parse(rtmr0, "--rtmr0", reg),
        CliHex.parse(rtmr1, "--rtmr1", reg),
        CliHex.parse(rtmr2, "--rtmr2", reg),
        UpgradeValues.bytes32(composeHash, "--compose-hash"),
        osImageHash == null ? Bytes32.ZERO : UpgradeValues.bytes32(osImageHash, "--os-image-hash"));
  }
}
