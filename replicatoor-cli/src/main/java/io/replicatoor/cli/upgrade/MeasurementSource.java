package io.replicatoor.cli.upgrade;

import io.replicatoor.attest.measure.ReferenceMeasurement;
import io.replicatoor.cli.CliHex;
import io.replicatoor.cli.ComposeOptions;
import io.replicatoor.cli.ImageFile;
import io.replicatoor.cli.UsageException;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.measure.Measurement;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The measurement, in one of two forms: files ({@code --compose}, {@code --image}) or hex parts.
 * Checked here rather than with picocli groups so that mixing the forms says so.
 */
final class MeasurementSource {
  @Mixin ComposeOptions compose;

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

  Measurement measurement() throws ReplicatoorException {
    boolean anyFile = compose.fileGiven() || image != null;
    boolean anyHex =
        mrtd != null
            || rtmr0 != null
            || rtmr1 != null
            || rtmr2 != null
            || compose.hashGiven()
            || compose.osImageHashGiven();
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

  private Measurement fromFiles() throws ReplicatoorException {
    if (!compose.fileGiven() || image == null) {
      throw new UsageException("--compose and --image go together");
    }
    return ReferenceMeasurement.compute(compose.read(), ImageFile.read(image, "--image"))
        .measurement();
  }

  private Measurement fromHex() {
    String[][] required = {
      {"--mrtd", mrtd},
      {"--rtmr0", rtmr0},
      {"--rtmr1", rtmr1},
      {"--rtmr2", rtmr2}
    };
    for (String[] p : required) {
      if (p[1] == null) {
        throw missing(p[0]);
      }
    }
    if (!compose.hashGiven()) {
      throw missing("--compose-hash");
    }
    return new Measurement(
        register(mrtd, "--mrtd"),
        register(rtmr0, "--rtmr0"),
        register(rtmr1, "--rtmr1"),
        register(rtmr2, "--rtmr2"),
        compose.givenHash(),
        compose.osImageHash().orElse(Bytes32.ZERO));
  }

  private static UsageException missing(String option) {
    return new UsageException(
        option
            + " is missing (the hex form needs --mrtd, --rtmr0, --rtmr1, --rtmr2 and"
            + " --compose-hash)");
  }

  private static Measurement48 register(String hex, String option) {
    return Measurement48.of(CliHex.parse(hex, option, Measurement48.SIZE));
  }
}
