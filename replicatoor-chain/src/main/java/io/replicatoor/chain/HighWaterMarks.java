package io.replicatoor.chain;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The highest verified block number per chain and contract: the floor below which a {@link
 * VerifiedApprovalReader} never decides, so that two reads in a row (or two runs of a process)
 * never go back to an older block.
 *
 * <p>{@link #inDirectory} keeps one small file per chain id and contract, {@code
 * <chainId>-<contract>.hwm}, holding the decimal block number. Every raise writes a temporary file
 * in the same folder, forces it to disk, renames it over the old file atomically and forces the
 * folder, under an exclusive lock on {@code <name>.lock}; readers therefore see the old or the new
 * number, never a torn one. A file that does not hold a number fails closed. The CLI keeps its
 * marks in its cache folder, the server in its data folder.
 *
 * <p>{@link #raise} also takes a block number learned elsewhere: the onboarding hand-over carries
 * the source's verified block number, and the recipient raises its floor to it before its first
 * decision, so it never decides on an older block than its source already saw. The mark never goes
 * down.
 */
public final class HighWaterMarks {
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}\n?");

  /**
   * One monitor per mark file in this JVM: a {@link FileLock} guards against other processes only,
   * and a second lock on the same file from this JVM would throw.
   */
  private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

  private final Path dir;
  private final Map<String, Long> memory = new ConcurrentHashMap<>();

  private HighWaterMarks(Path dir) {
    this.dir = dir;
  }

  /** Marks kept in files under {@code dir} (created on the first raise). */
  public static HighWaterMarks inDirectory(Path dir) {
    return new HighWaterMarks(dir.toAbsolutePath().normalize());
  }

  /** Marks kept for the life of this object only (tests, one-shot tools). */
  public static HighWaterMarks inMemory() {
    return new HighWaterMarks(null);
  }

  /** The file that holds the mark for {@code chainId} and {@code contract}. */
  public Path fileFor(long chainId, Address contract) {
    if (dir == null) {
      throw new IllegalStateException("in-memory high-water marks have no file");
    }
    return dir.resolve(key(chainId, contract) + ".hwm");
  }

  private static String key(long chainId, Address contract) {
    return chainId + "-" + contract.toPrefixedHex();
  }

  /** Where the mark is kept, for messages: the file, or "memory". */
  String where(long chainId, Address contract) {
    return dir == null ? "memory" : fileFor(chainId, contract).toString();
  }

  /** The current mark (0 when none was recorded). */
  public long get(long chainId, Address contract) throws ReplicatoorException {
    if (dir == null) {
      return memory.getOrDefault(key(chainId, contract), 0L);
    }
    return read(fileFor(chainId, contract));
  }

  /** Raises the mark to {@code block} if that is higher; returns the mark afterwards. */
  public long raise(long chainId, Address contract, long block) throws ReplicatoorException {
    if (block < 0) {
      throw new IllegalArgumentException("negative block number");
    }
    if (dir == null) {
      return memory.merge(key(chainId, contract), block, Math::max);
    }
    Path file = fileFor(chainId, contract);
    synchronized (MONITORS.computeIfAbsent(file, f -> new Object())) {
      return raiseLocked(file, block);
    }
  }

  private long raiseLocked(Path file, long block) throws ReplicatoorException {
    try {
      Files.createDirectories(dir);
      try (FileChannel lockFile =
              FileChannel.open(
                  dir.resolve(file.getFileName() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        long current = read(file);
        if (block <= current) {
          return current;
        }
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
          try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap((block + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
          }
          try {
            Files.move(
                tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename atomically");
          }
        } finally {
          Files.deleteIfExists(tmp);
        }
        forceDirectory();
        return block;
      }
    } catch (IOException e) {
      throw new ReplicatoorException(
          ErrorCode.INTERNAL, "cannot write the high-water mark " + file + ": " + reason(e));
    }
  }

  private void forceDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not every file system lets a folder be opened; the rename itself is still atomic.
    }
  }

  private static long read(Path file) throws ReplicatoorException {
    String text;
    try {
      if (Files.size(file) > 64) {
        throw corrupt(file);
      }
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new ReplicatoorException(
          ErrorCode.INTERNAL, "cannot read the high-water mark " + file + ": " + reason(e));
    }
    if (!NUMBER.matcher(text).matches()) {
      throw corrupt(file);
    }
    return Long.parseLong(text.strip());
  }

  private static ReplicatoorException corrupt(Path file) {
    return new ReplicatoorException(
        ErrorCode.INTERNAL,
        "the high-water mark "
            + file
            + " does not hold a block number; refusing to read without it (restore or delete it"
            + " only if the chain was really reset)");
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? "I/O error" : e.getMessage();
  }
}
