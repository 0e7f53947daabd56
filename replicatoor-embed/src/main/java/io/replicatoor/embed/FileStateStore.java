package io.replicatoor.embed;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.port.SealedState;
import io.replicatoor.core.port.StateStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link StateStore} in one file on the (untrusted) host volume. Only sealed blobs (ciphertext and
 * public header) ever reach it; core authenticates what {@link #load} returns.
 *
 * <p>{@link #store} removes whatever a crash left at the temporary path (without following a
 * symbolic link), creates a fresh temporary file next to the blob ({@code O_CREAT|O_EXCL}, no link
 * followed), writes and forces it to disk, renames it over the blob atomically, then forces the
 * folder. A crash at any point leaves the old or the new blob, never a mix (see the crash trials in
 * {@code docs/reliability.md}); a failure leaves the old blob in place and no temporary file.
 *
 * <p>{@link #load} reads only a regular file: a symbolic link, FIFO, device or folder at the blob
 * path is refused ({@link ErrorCode#STATE_STORE_UNAVAILABLE}) without being followed or opened, and
 * it reads at most {@link SealedState#MAX_BYTES} + 1 bytes whatever the file's size. Opening is
 * preceded by a no-follow type check and is itself no-follow; a host that swaps the file for a FIFO
 * between the two can stall start-up, which a host can do anyway by not scheduling the TD.
 *
 * <p>Every I/O failure (disk full, I/O error, permissions) is {@link
 * ErrorCode#STATE_STORE_UNAVAILABLE}, whose message names the file and the system's reason and
 * never any content.
 */
public final class FileStateStore implements StateStore {
  /** Name of the temporary file next to the blob while a write is in progress. */
  static final String TEMP_SUFFIX = ".tmp";

  private final Path file;
  private final Path tmp;

  /** A store at {@code file}; its folder is created on the first {@link #store}. */
  public FileStateStore(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    this.tmp = this.file.resolveSibling(this.file.getFileName() + TEMP_SUFFIX);
  }

  /** Where the blob lives. */
  public Path file() {
    return file;
  }

  @Override
  public Optional<SealedState> load() throws ReplicatoorException {
    try {
      BasicFileAttributes a;
      try {
        a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
      requireRegular(a);
      requireNotOversized(a.size());
      try (FileChannel ch =
          FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(SealedState.of(readBounded(ch)));
      }
    } catch (NoSuchFileException e) {
      return Optional.empty(); // erased between the type check and the open
    } catch (IOException e) {
      throw failed("read", e);
    }
  }

  @Override
  public void store(SealedState blob) throws ReplicatoorException {
    Objects.requireNonNull(blob, "blob");
    Path dir = file.getParent();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        if (dir.getParent() != null) {
          forceDirectory(dir.getParent()); // the new folder's entry is durable too
        }
      }
      Files.deleteIfExists(tmp); // a crash's leftover, or a planted link: never written through
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)) {
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
        if (Files.isRegularFile(tmp, LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(tmp);
        }
      } catch (IOException ignored) {
        // the failure below is what matters; the next store removes the leftover
      }
      throw failed("write", e);
    }
  }

  @Override
  public void erase() throws ReplicatoorException {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(tmp);
      if (Files.isDirectory(file.getParent())) {
        forceDirectory(file.getParent());
      }
    } catch (IOException e) {
      throw failed("erase", e);
    }
  }

  private void requireRegular(BasicFileAttributes a) throws ReplicatoorException {
    if (!a.isRegularFile()) {
      String kind =
          a.isSymbolicLink() ? "a symbolic link" : a.isDirectory() ? "a folder" : "a special file";
      throw new ReplicatoorException(
          ErrorCode.STATE_STORE_UNAVAILABLE,
          "the sealed state file " + file + " is " + kind + ", not a regular file");
    }
  }

  private void requireNotOversized(long size) throws ReplicatoorException {
    if (size > SealedState.MAX_BYTES) {
      throw new ReplicatoorException(
          ErrorCode.SEALED_STATE_INVALID,
          "sealed state file "
              + file
              + " is "
              + (size > Integer.MAX_VALUE ? "over 2 GiB" : size + " bytes")
              + ", more than "
              + SealedState.MAX_BYTES);
    }
  }

  /** Reads to end of file, but never more than one byte past the limit (the file may grow). */
  private byte[] readBounded(FileChannel ch) throws IOException, ReplicatoorException {
    ByteBuffer buf = ByteBuffer.allocate(SealedState.MAX_BYTES + 1);
    while (buf.hasRemaining() && ch.read(buf) >= 0) {
      // keep reading
    }
    requireNotOversized(buf.position());
    return Arrays.copyOf(buf.array(), buf.position());
  }

  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private ReplicatoorException failed(String what, IOException e) {
    // The system's reason ("No space left on device", "File too large", "Permission denied"):
    // a file system exception's reason without its repeated paths, else the I/O error's message.
    String reason =
        e instanceof FileSystemException f
            ? (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName())
            : (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    return new ReplicatoorException(
        ErrorCode.STATE_STORE_UNAVAILABLE,
        "cannot " + what + " the sealed state file " + file + ": " + reason,
        e);
  }

  @Override
  public String toString() {
    return "FileStateStore[" + file + "]";
  }
}
