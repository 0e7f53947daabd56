package io.replicatoor.embed;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.port.SealedState;
import io.replicatoor.core.port.StateStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link StateStore} in one file on the (untrusted) host volume. {@link #store} writes a temporary
 * file in the same folder, forces it to disk, renames it over the blob atomically and forces the
 * folder, so a crash leaves the old or the new blob, never a mix. Only sealed blobs (ciphertext and
 * public header) ever reach it; core authenticates what {@link #load} returns.
 */
public final class FileStateStore implements StateStore {
  /** Name of the temporary file next to the blob while a write is in progress. */
  static final String TEMP_SUFFIX = ".tmp";

  private final Path file;

  /** A store at {@code file}; its folder is created on the first {@link #store}. */
  public FileStateStore(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
  }

  /** Where the blob lives. */
  public Path file() {
    return file;
  }

  @Override
  public Optional<SealedState> load() throws ReplicatoorException {
    try {
      long size = Files.size(file);
      if (size > SealedState.MAX_BYTES) {
        throw new ReplicatoorException(
            ErrorCode.SEALED_STATE_INVALID,
            "sealed state file "
                + file
                + " is "
                + size
                + " bytes, more than "
                + SealedState.MAX_BYTES);
      }
      return Optional.of(SealedState.of(Files.readAllBytes(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failed("read", e);
    }
  }

  @Override
  public void store(SealedState blob) throws ReplicatoorException {
    Objects.requireNonNull(blob, "blob");
    Path dir = file.getParent();
    Path tmp = dir.resolve(file.getFileName() + TEMP_SUFFIX);
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(blob.toByteArray());
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw failed("atomically replace", e);
      }
      forceDirectory(dir);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the failure below is what matters
      }
      throw failed("write", e);
    }
  }

  @Override
  public void erase() throws ReplicatoorException {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(file.getParent().resolve(file.getFileName() + TEMP_SUFFIX));
      if (Files.isDirectory(file.getParent())) {
        forceDirectory(file.getParent());
      }
    } catch (IOException e) {
      throw failed("erase", e);
    }
  }

  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private ReplicatoorException failed(String what, IOException e) {
    return new ReplicatoorException(
        ErrorCode.INTERNAL,
        "cannot " + what + " the sealed state file " + file + ": " + e.getClass().getSimpleName(),
        e);
  }

  @Override
  public String toString() {
    return "FileStateStore[" + file + "]";
  }
}
