package io.replicatoor.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.port.SealedState;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The atomic file store on a real file system. */
class FileStateStoreTest {
  /** A FIFO at the blob path must not block {@link FileStateStore#load}; generous on a busy CI. */
  private static final Duration NO_BLOCK = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void roundTripReplaceAndEraseLeaveNoTemporaryFile() throws Exception {
    FileStateStore s = new FileStateStore(dir.resolve("sub").resolve("state.sealed"));
    assertThat(s.load()).isEmpty();
    s.store(SealedState.of(new byte[] {1, 2, 3}));
    assertThat(s.load()).contains(SealedState.of(new byte[] {1, 2, 3}));
    s.store(SealedState.of(new byte[] {4}));
    assertThat(s.load()).contains(SealedState.of(new byte[] {4}));
    try (Stream<Path> files = Files.list(s.file().getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.sealed");
    }
    s.erase();
    assertThat(s.load()).isEmpty();
    assertThat(s.file()).doesNotExist();
    s.erase(); // idempotent
  }

  @Test
  void aLeftOverTemporaryFileIsNeverLoadedAndIsReplaced() throws Exception {
    FileStateStore s = new FileStateStore(dir.resolve("state.sealed"));
    Path tmp = dir.resolve("state.sealed" + FileStateStore.TEMP_SUFFIX);
    Files.write(tmp, new byte[] {9, 9}); // a crash in the middle of a write
    assertThat(s.load()).isEmpty();
    s.store(SealedState.of(new byte[] {7}));
    assertThat(s.load()).contains(SealedState.of(new byte[] {7}));
    assertThat(tmp).doesNotExist();
  }

  @Test
  void anOversizedFileIsRefusedUnread() throws Exception {
    FileStateStore s = new FileStateStore(dir.resolve("state.sealed"));
    Files.write(s.file(), new byte[SealedState.MAX_BYTES + 1]);
    assertThatThrownBy(s::load)
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.SEALED_STATE_INVALID);
  }

  @Test
  void aHugeSparseFileIsRefusedWithoutReadingIt() throws Exception {
    FileStateStore s = new FileStateStore(dir.resolve("state.sealed"));
    try (RandomAccessFile f = new RandomAccessFile(s.file().toFile(), "rw")) {
      f.setLength(8L << 30); // 8 GiB of holes: reading it whole would exhaust the heap
    }
    assertThatThrownBy(s::load)
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.SEALED_STATE_INVALID);
              assertThat(e.getMessage()).contains("more than " + SealedState.MAX_BYTES);
            });
  }

  @Test
  void anUnwritableFolderIsStateStoreUnavailable() throws Exception {
    Path file = dir.resolve("a-file");
    Files.write(file, new byte[] {1});
    FileStateStore s = new FileStateStore(file.resolve("state.sealed")); // parent is a file
    assertThatThrownBy(() -> s.store(SealedState.of(new byte[] {1})))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.STATE_STORE_UNAVAILABLE);
              assertThat(e.getMessage()).contains("cannot write the sealed state file");
            });
  }

  @Test
  void aSymlinkAtTheBlobPathIsRefusedNotFollowed() throws Exception {
    Path elsewhere = dir.resolve("elsewhere");
    Files.write(elsewhere, new byte[] {5, 5, 5});
    FileStateStore s = new FileStateStore(dir.resolve("state.sealed"));
    Files.createSymbolicLink(s.file(), elsewhere);
    assertThatThrownBy(s::load)
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.STATE_STORE_UNAVAILABLE);
              assertThat(e.getMessage()).contains("not a regular file");
            });
    // A store replaces the link itself; the file it pointed to is untouched.
    s.store(SealedState.of(new byte[] {1}));
    assertThat(Files.isSymbolicLink(s.file())).isFalse();
    assertThat(s.load()).contains(SealedState.of(new byte[] {1}));
    assertThat(Files.readAllBytes(elsewhere)).containsExactly(5, 5, 5);
  }

  @Test
  void aFifoAtTheBlobPathIsRefusedWithoutBlocking() throws Exception {
    FileStateStore s = new FileStateStore(dir.resolve("state.sealed"));
    mkfifo(s.file());
    assertTimeoutPreemptively(
        NO_BLOCK,
        () ->
            assertThatThrownBy(s::load)
                .isInstanceOfSatisfying(
                    ReplicatoorException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.STATE_STORE_UNAVAILABLE)));
  }

  @Test
  void aDirectoryAtTheBlobPathIsStateStoreUnavailableForLoadStoreAndErase() throws Exception {
    FileStateStore s = new FileStateStore(dir.resolve("state.sealed"));
    Files.createDirectories(s.file().resolve("inside"));
    for (ThrowingCall call :
        new ThrowingCall[] {s::load, () -> s.store(SealedState.of(new byte[] {1})), s::erase}) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              ReplicatoorException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.STATE_STORE_UNAVAILABLE));
    }
    assertThat(s.file().resolve("inside")).isDirectory();
    assertThat(dir.resolve("state.sealed" + FileStateStore.TEMP_SUFFIX)).doesNotExist();
  }

  @Test
  void aSymlinkedTemporaryFileIsReplacedNotWrittenThrough() throws Exception {
    Path victim = dir.resolve("victim");
    Files.write(victim, new byte[] {5, 5, 5});
    FileStateStore s = new FileStateStore(dir.resolve("state.sealed"));
    Path tmp = dir.resolve("state.sealed" + FileStateStore.TEMP_SUFFIX);
    Files.createSymbolicLink(tmp, victim);
    s.store(SealedState.of(new byte[] {1, 2}));
    assertThat(Files.readAllBytes(victim)).containsExactly(5, 5, 5);
    assertThat(Files.isRegularFile(s.file(), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(s.load()).contains(SealedState.of(new byte[] {1, 2}));
    assertThat(tmp).doesNotExist();
  }

  @Test
  void aFailedWriteKeepsTheOldStateAndLeavesNoTemporaryFile() throws Exception {
    FileStateStore s = new FileStateStore(dir.resolve("state.sealed"));
    s.store(SealedState.of(new byte[] {1, 1}));
    // Something the store cannot remove sits where the temporary file goes.
    Path tmp = dir.resolve("state.sealed" + FileStateStore.TEMP_SUFFIX);
    Files.createDirectories(tmp.resolve("blocker"));
    assertThatThrownBy(() -> s.store(SealedState.of(new byte[] {2, 2})))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.STATE_STORE_UNAVAILABLE));
    assertThat(s.load()).contains(SealedState.of(new byte[] {1, 1}));
    // The fault clears: the next write succeeds.
    Files.delete(tmp.resolve("blocker"));
    Files.delete(tmp);
    s.store(SealedState.of(new byte[] {2, 2}));
    assertThat(s.load()).contains(SealedState.of(new byte[] {2, 2}));
  }

  private static void mkfifo(Path p) throws Exception {
    Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assertThat(mk.waitFor()).as("mkfifo exit").isZero();
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }
}
