package io.replicatoor.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.port.SealedState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The atomic file store on a real file system. */
class FileStateStoreTest {
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
  void anUnwritableFolderIsAClearError() throws Exception {
    Path file = dir.resolve("a-file");
    Files.write(file, new byte[] {1});
    FileStateStore s = new FileStateStore(file.resolve("state.sealed")); // parent is a file
    assertThatThrownBy(() -> s.store(SealedState.of(new byte[] {1})))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.getMessage()).contains("cannot write the sealed state file"));
  }
}
