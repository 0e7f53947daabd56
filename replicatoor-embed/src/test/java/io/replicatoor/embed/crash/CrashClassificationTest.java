package io.replicatoor.embed.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.port.SealedState;
import io.replicatoor.embed.FileStateStore;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash trials' oracle tells every bad outcome apart (so the trials can fail). */
class CrashClassificationTest {
  private static final int BYTES = 1024;

  @TempDir Path dir;

  @Test
  void wholeVersionsAreOldOrNewAgainstTheLastAcknowledged() throws Exception {
    FileStateStore s = store();
    s.store(TrialBlob.of(7, BYTES));
    assertThat(CrashTrials.classify(s, 7)).isEqualTo(CrashTrials.Outcome.OLD);
    assertThat(CrashTrials.classify(s, 6)).isEqualTo(CrashTrials.Outcome.NEW);
    assertThat(CrashTrials.classify(s, 8)).isEqualTo(CrashTrials.Outcome.LOST); // rolled back
  }

  @Test
  void noBlobIsLost() throws Exception {
    assertThat(CrashTrials.classify(store(), 0)).isEqualTo(CrashTrials.Outcome.LOST);
  }

  @Test
  void aTruncatedBlobIsHalfRead() throws Exception {
    FileStateStore s = store();
    byte[] whole = TrialBlob.of(3, BYTES).toByteArray();
    for (int len : new int[] {0, 5, TrialBlob.WORDS_OFFSET, BYTES / 2, BYTES - 1}) {
      Files.write(s.file(), Arrays.copyOf(whole, len));
      assertThat(CrashTrials.classify(s, 3))
          .as("length %d", len)
          .isEqualTo(CrashTrials.Outcome.HALF_READ);
    }
  }

  @Test
  void aBlobWithWordsOfTwoVersionsIsMixed() throws Exception {
    FileStateStore s = store();
    byte[] mixed = TrialBlob.of(3, BYTES).toByteArray();
    byte[] newer = TrialBlob.of(4, BYTES).toByteArray();
    System.arraycopy(newer, BYTES / 2, mixed, BYTES / 2, BYTES / 2);
    Files.write(s.file(), mixed);
    assertThat(CrashTrials.classify(s, 3)).isEqualTo(CrashTrials.Outcome.MIXED);
  }

  @Test
  void zeroFilledTailOfAnExtendedFileIsHalfRead() throws Exception {
    FileStateStore s = store();
    ByteBuffer b = ByteBuffer.allocate(BYTES);
    b.put(TrialBlob.of(3, BYTES).toByteArray(), 0, BYTES / 2); // rest zero, as after a crash
    Files.write(s.file(), b.array());
    assertThat(CrashTrials.classify(s, 3)).isEqualTo(CrashTrials.Outcome.HALF_READ);
  }

  @Test
  void anUnreadableStoreIsHalfReadNotOld() throws Exception {
    FileStateStore s = store();
    Files.createDirectories(s.file());
    assertThat(CrashTrials.classify(s, 0)).isEqualTo(CrashTrials.Outcome.HALF_READ);
  }

  @Test
  void blobSizeFitsTheStore() {
    assertThat(TrialBlob.DEFAULT_BYTES).isLessThanOrEqualTo(SealedState.MAX_BYTES);
    assertThat(TrialBlob.read(TrialBlob.of(9, TrialBlob.DEFAULT_BYTES).toByteArray()))
        .isEqualTo(new TrialBlob.Whole(9));
  }

  private FileStateStore store() {
    return new FileStateStore(dir.resolve(CrashTrials.FILE));
  }
}
