package io.replicatoor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads input files for commands; an unreadable or oversized file is a usage error (exit 2). */
final class CliFiles {
  /** Largest input file a command reads. */
  static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  private CliFiles() {}

  static byte[] read(Path path, String option) {
    try {
      long size = Files.size(path);
      if (size > MAX_FILE_BYTES) {
        throw new UsageException(option + " " + path + ": file of " + size + " bytes is too large");
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UsageException(option + " " + path + ": cannot read file (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
