package io.replicatoor.cli;

import io.replicatoor.attest.measure.ImageMeasurement;
import io.replicatoor.core.ReplicatoorException;
import java.nio.file.Path;

/** Reads {@code --image FILE}, the OS image registers in {@code dstack-mr} output form. */
public final class ImageFile {
  private ImageFile() {}

  /**
   * The image registers in {@code file}, given as {@code option}.
   *
   * @throws ReplicatoorException {@code BAD_REQUEST} (exit 2) for malformed content, naming the
   *     option and file
   */
  public static ImageMeasurement read(Path file, String option) throws ReplicatoorException {
    byte[] json = CliFiles.read(file, option);
    try {
      return ImageMeasurement.parseJson(json);
    } catch (ReplicatoorException e) {
      throw new ReplicatoorException(e.errorCode(), option + " " + file + ": " + e.getMessage());
    }
  }
}
