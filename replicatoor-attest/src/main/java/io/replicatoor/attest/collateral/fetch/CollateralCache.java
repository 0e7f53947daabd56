package io.replicatoor.attest.collateral.fetch;

import io.replicatoor.core.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * On-disk collateral cache (docs/collateral.md). Layout under the root:
 *
 * <pre>
 * entries/&lt;tee&gt;/&lt;FMSPC&gt;/&lt;ca&gt;/&lt;channel&gt;/CURRENT     "generation\nfetchedAt\n"
 * entries/&lt;tee&gt;/&lt;FMSPC&gt;/&lt;ca&gt;/&lt;channel&gt;/g-.../      the seven PCS-form files
 * high-water/&lt;tee&gt;-&lt;FMSPC&gt;[-early].tcb                     highest tcbInfo evaluation number
 * high-water/&lt;tee&gt;-qe[-early].qe                              highest QE identity evaluation number
 * staging/                                                   temporary folders, same file system
 * </pre>
 *
 * <p>A generation folder is complete before it is moved into place, and {@code CURRENT} is replaced
 * with an atomic rename, so a reader sees either the old or the new set, never a mix.
 */
final class CollateralCache {
  private static final String CURRENT = "CURRENT";
  private static final String GENERATION_PREFIX = "g-";

  /** Generations kept per key: the current one and its predecessor (a reader may still hold it). */
  private static final int GENERATIONS_KEPT = 2;

  private static final int RANDOM_SUFFIX_BYTES = 6;

  private final Path root;
  private final SecureRandom random = new SecureRandom();

  CollateralCache(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** The current generation of {@code key}, if any, with its fetch instant. */
  Optional<Entry> current(CollateralKey key) throws CollateralFetchException {
    Path keyDir = keyDir(key);
    List<String> lines;
    try {
      lines = Files.readAllLines(keyDir.resolve(CURRENT), StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw CollateralFetchException.unavailable("cannot read cache pointer in " + keyDir, e);
    }
    if (lines.size() != 2
        || !lines.get(0).startsWith(GENERATION_PREFIX)
        || lines.get(0).contains("/")
        || lines.get(0).contains("..")) {
      throw CollateralFetchException.malformed(
          "cache pointer " + keyDir.resolve(CURRENT) + " is not \"generation\\nfetchedAt\"");
    }
    Instant fetchedAt;
    try {
      fetchedAt = Instant.parse(lines.get(1));
    } catch (DateTimeParseException e) {
      throw CollateralFetchException.malformed(
          "cache pointer " + keyDir.resolve(CURRENT) + " has an unparseable fetch instant", e);
    }
    return Optional.of(new Entry(keyDir.resolve(lines.get(0)), fetchedAt));
  }

  /** Writes {@code set} as the new current generation of {@code key}; returns its folder. */
  Path store(CollateralKey key, PcsCollateralSet set, Instant fetchedAt)
      throws CollateralFetchException {
    Path keyDir = keyDir(key);
    Path staging = root.resolve("staging");
    String generation = GENERATION_PREFIX + fetchedAt.getEpochSecond() + "-" + randomHex();
    try {
      Files.createDirectories(keyDir);
      Files.createDirectories(staging);
      Path tmp = Files.createTempDirectory(staging, generation);
      set.writeTo(tmp);
      Path target = keyDir.resolve(generation);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      writeAtomically(keyDir.resolve(CURRENT), generation + "\n" + fetchedAt + "\n");
      pruneGenerations(keyDir, generation);
      return target;
    } catch (AtomicMoveNotSupportedException e) {
      throw CollateralFetchException.unavailable(
          "cache " + root + " does not support atomic renames", e);
    } catch (IOException e) {
      throw CollateralFetchException.unavailable(
          "cannot write cache under " + keyDir + ": " + e, e);
    }
  }

  /**
   * Refuses {@code set} if either evaluation number is below its high-water mark (3.7); the marks
   * are raised only by {@link #raiseHighWaterMarks} after a set was stored.
   */
  void checkHighWaterMarks(CollateralKey key, PcsCollateralSet set)
      throws CollateralFetchException {
    refuseBelowMark(
        "TCB info for " + key.tee().pathSegment() + "/" + key.fmspc(),
        set.tcbInfoNumber,
        read(tcbMarkFile(key)));
    refuseBelowMark(
        "QE identity for " + key.tee().pathSegment(), set.qeIdentityNumber, read(qeMarkFile(key)));
  }

  /** Refuses evaluation number {@code number} of {@code what} when it is below {@code mark}. */
  private static void refuseBelowMark(String what, long number, long mark)
      throws CollateralFetchException {
    if (number < mark) {
      throw new CollateralFetchException(
          ErrorCode.COLLATERAL_BELOW_HIGH_WATER_MARK,
          what
              + " has tcbEvaluationDataNumber "
              + number
              + ", below the high-water mark "
              + mark
              + " (rollback refused)");
    }
  }

  /** Raises the marks to the numbers of {@code set} (never lowers them). */
  void raiseHighWaterMarks(CollateralKey key, PcsCollateralSet set)
      throws CollateralFetchException {
    raise(tcbMarkFile(key), set.tcbInfoNumber);
    raise(qeMarkFile(key), set.qeIdentityNumber);
  }

  /** Current TCB info high-water mark of (tee, FMSPC, channel class); 0 when none. */
  long tcbInfoHighWaterMark(CollateralKey key) throws CollateralFetchException {
    return read(tcbMarkFile(key));
  }

  private Path keyDir(CollateralKey key) {
    return root.resolve("entries")
        .resolve(key.tee().pathSegment())
        .resolve(key.fmspc())
        .resolve(key.ca().queryValue())
        .resolve(key.channel().directoryName());
  }

  // The early channel runs ahead of the standard one by design, so it keeps its own marks;
  // otherwise one early fetch would lock out every later standard fetch.
  private static String channelSuffix(CollateralKey key) {
    return key.channel() == CollateralKey.UpdateChannel.EARLY ? "-early" : "";
  }

  private Path tcbMarkFile(CollateralKey key) {
    return root.resolve("high-water")
        .resolve(key.tee().pathSegment() + "-" + key.fmspc() + channelSuffix(key) + ".tcb");
  }

  private Path qeMarkFile(CollateralKey key) {
    return root.resolve("high-water")
        .resolve(key.tee().pathSegment() + "-qe" + channelSuffix(key) + ".qe");
  }

  private static long read(Path markFile) throws CollateralFetchException {
    String s;
    try {
      s = Files.readString(markFile, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw CollateralFetchException.unavailable("cannot read high-water mark " + markFile, e);
    }
    try {
      long v = Long.parseLong(s);
      if (v < 0) {
        throw new NumberFormatException("negative");
      }
      return v;
    } catch (NumberFormatException e) {
      // Fail closed: a damaged mark must not silently reset to 0.
      throw CollateralFetchException.malformed(
          "high-water mark " + markFile + " is not a non-negative decimal number");
    }
  }

  private void raise(Path markFile, long value) throws CollateralFetchException {
    long old = read(markFile);
    if (value <= old) {
      return;
    }
    try {
      Files.createDirectories(markFile.getParent());
      writeAtomically(markFile, value + "\n");
    } catch (IOException e) {
      throw CollateralFetchException.unavailable("cannot write high-water mark " + markFile, e);
    }
  }

  private void writeAtomically(Path target, String content) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + randomHex() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void pruneGenerations(Path keyDir, String keep) throws IOException {
    List<Path> gens;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(keyDir, GENERATION_PREFIX + "*")) {
      gens = new ArrayList<>();
      ds.forEach(gens::add);
    }
    // Newest first by the fetch second encoded in the name; the current one is always kept.
    gens.sort(Comparator.comparingLong(CollateralCache::generationSecond).reversed());
    int kept = 0;
    for (Path g : gens) {
      if (g.getFileName().toString().equals(keep) || kept < GENERATIONS_KEPT - 1) {
        if (!g.getFileName().toString().equals(keep)) {
          kept++;
        }
        continue;
      }
      deleteTree(g);
    }
  }

  private static long generationSecond(Path g) {
    String n = g.getFileName().toString();
    int dash = n.indexOf('-', GENERATION_PREFIX.length());
    try {
      return Long.parseLong(n.substring(GENERATION_PREFIX.length(), dash < 0 ? n.length() : dash));
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private String randomHex() {
    byte[] b = new byte[RANDOM_SUFFIX_BYTES];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A cached generation folder and when it was fetched. */
  record Entry(Path directory, Instant fetchedAt) {}
}
