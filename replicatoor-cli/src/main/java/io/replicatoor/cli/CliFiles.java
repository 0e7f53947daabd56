package io.replicatoor.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads input files for commands. Every file problem is a usage error (exit 2) worded the same way
 * for every option: {@code --quote q.bin does not exist}, {@code ... is a directory, not a file},
 * {@code ... is larger than N bytes}, {@code ... cannot be read: permission denied}.
 */
public final class CliFiles {
  /** Largest input file a command reads. */
  public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  private CliFiles() {}

  /** The bytes of the regular file {@code path}, given as {@code option}. */
  public static byte[] read(Path path, String option) {
    return read(path, option, MAX_FILE_BYTES);
  }

  /** The bytes of the regular file {@code path} of at most {@code maxBytes} bytes. */
  public static byte[] read(Path path, String option, long maxBytes) {
    requireFile(path, option);
    try {
      long size = Files.size(path);
      if (size > maxBytes) {
        throw new UsageException(name(path, option) + " is larger than " + maxBytes + " bytes");
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw unreadable(path, option, e);
    }
  }

  /** Refuses a missing path or a directory where a file is expected. */
  public static void requireFile(Path path, String option) {
    requireExists(path, option);
    if (Files.isDirectory(path)) {
      throw new UsageException(name(path, option) + " is a directory, not a file");
    }
  }

  /** Refuses a missing path (a file or a directory). */
  public static void requireExists(Path path, String option) {
    if (!Files.exists(path)) {
      throw new UsageException(name(path, option) + " does not exist");
    }
  }

  /** Refuses a path that exists and is not a directory (a directory that is created if missing). */
  public static void requireDirectoryOrAbsent(Path path, String option) {
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new UsageException(name(path, option) + " is a file, not a directory");
    }
  }

  /** The usage error for an I/O failure on {@code path}, in the shared wording. */
  public static UsageException unreadable(Path path, String option, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new UsageException(name(path, option) + " does not exist", e);
    }
    if (e instanceof AccessDeniedException) {
      return new UsageException(name(path, option) + " cannot be read: permission denied", e);
    }
    String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
    return new UsageException(
        name(path, option) + " cannot be read" + (reason == null ? "" : ": " + reason), e);
  }

  private static String name(Path path, String option) {
    return option + " " + path;
  }

  /**
   * Deletes the folder {@code root} and everything in it; a few attempts, as a stopping agent may
   * still remove its socket meanwhile.
   *
   * @throws UncheckedIOException when the third attempt fails
   */
  public static void deleteTree(Path root) {
    for (int attempt = 1; Files.exists(root); attempt++) {
      try {
        deleteOnce(root);
      } catch (UncheckedIOException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static void deleteOnce(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
              Files.deleteIfExists(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
