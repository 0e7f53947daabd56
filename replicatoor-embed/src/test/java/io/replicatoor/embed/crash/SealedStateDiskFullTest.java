package io.replicatoor.embed.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.embed.FileStateStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk full while sealing (issue 10, Faults): the write fails with {@code STATE_STORE_UNAVAILABLE}
 * and a clear reason, the old state stays whole and no temporary file is left, and the next write
 * succeeds once space returns. The writer is a real child JVM through the production store.
 */
class SealedStateDiskFullTest {
  /** Size of the trial blobs. */
  private static final int BYTES = 16 * 1024;

  /** A file-size limit below one blob: every write of the temporary file fails part-way. */
  private static final int FSIZE_LIMIT = 4 * 1024;

  private static final long CHILD_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);

  @TempDir Path dir;

  @Test
  void aWriteOverTheFileSizeLimitFailsCleanlyAndRecovers() throws Exception {
    Path file = dir.resolve(CrashTrials.FILE);
    new FileStateStore(file).store(TrialBlob.of(1, BYTES));
    List<String> limited = new ArrayList<>(List.of("prlimit", "--fsize=" + FSIZE_LIMIT, "--"));
    limited.addAll(writeOnce(file, 2));
    Outcome refused = run(limited);
    assertRefusedCleanly(file, refused, "File too large");
    assertThat(refused.lines().getFirst()).contains("cannot write the sealed state file");

    assertStoresAgain(file); // the limit is gone
  }

  /**
   * A real full file system: {@code bench/disk-full.sh} (root) mounts a small tmpfs and passes its
   * path in {@code replicatoor.diskfull.dir}.
   */
  @Test
  @EnabledIfSystemProperty(named = "replicatoor.diskfull.dir", matches = ".+")
  void aFullFileSystemFailsCleanlyAndRecovers() throws Exception {
    Path root = Path.of(System.getProperty("replicatoor.diskfull.dir"));
    Path d = Files.createTempDirectory(root, "diskfull");
    Path file = d.resolve(CrashTrials.FILE);
    Path filler = d.resolve("filler");
    new FileStateStore(file).store(TrialBlob.of(1, BYTES));
    fill(filler);

    assertRefusedCleanly(file, run(writeOnce(file, 2)), "No space left on device");

    Files.delete(filler); // space returns
    assertStoresAgain(file);
    Files.delete(file);
    Files.delete(d);
  }

  /**
   * The child refused the write of state 2 with one STATE_STORE_UNAVAILABLE line naming {@code
   * cause}, leaving state 1 intact and no temporary file.
   */
  private static void assertRefusedCleanly(Path file, Outcome refused, String cause)
      throws Exception {
    assertThat(refused.status())
        .as(refused.lines().toString())
        .isEqualTo(StateWriterChild.EXIT_REFUSED);
    assertThat(refused.lines())
        .singleElement()
        .asString()
        .startsWith(StateWriterChild.ERROR + " STATE_STORE_UNAVAILABLE")
        .contains(cause);
    assertOldIntactAndNoTemporary(file);
  }

  /** Without the obstacle, a new child stores state 2. */
  private void assertStoresAgain(Path file) throws Exception {
    Outcome ok = run(writeOnce(file, 2));
    assertThat(ok.lines()).containsExactly(StateWriterChild.STORED);
    assertThat(read(file)).isEqualTo(new TrialBlob.Whole(2));
  }

  private static void assertOldIntactAndNoTemporary(Path file) throws Exception {
    assertThat(read(file)).isEqualTo(new TrialBlob.Whole(1));
    assertThat(
            Files.exists(file.resolveSibling(CrashTrials.FILE + ".tmp"), LinkOption.NOFOLLOW_LINKS))
        .as("temporary file left behind")
        .isFalse();
  }

  private static TrialBlob.Read read(Path file) throws Exception {
    return TrialBlob.read(new FileStateStore(file).load().orElseThrow().toByteArray());
  }

  private static List<String> writeOnce(Path file, long version) {
    return ChildJvm.command(
        StateWriterChild.class,
        "once",
        file.toString(),
        Long.toString(version),
        Integer.toString(BYTES));
  }

  private record Outcome(int status, List<String> lines) {}

  private Outcome run(List<String> command) throws Exception {
    Path out = Files.createTempFile(dir, "child", ".out");
    try (ChildJvm child = ChildJvm.start(command, out)) {
      int status = child.waitFor(CHILD_TIMEOUT_MS);
      return new Outcome(status, child.lines());
    }
  }

  /** Writes until the file system refuses (ENOSPC), byte by byte at the end. */
  private static void fill(Path filler) throws IOException {
    try (OutputStream out = Files.newOutputStream(filler)) {
      byte[] chunk = new byte[4096];
      try {
        while (true) {
          out.write(chunk);
          out.flush();
        }
      } catch (IOException full) {
        // then single bytes, to leave not even a partial page
      }
      try {
        while (true) {
          out.write(0);
          out.flush();
        }
      } catch (IOException full) {
        // full
      }
    } catch (IOException closeOnFull) {
      // closing a full file may report the same error again
    }
  }
}
