package io.replicatoor.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HighWaterMarksTest {
  static final Address A = Address.fromHex("0x" + "11".repeat(20));
  static final Address B = Address.fromHex("0x" + "22".repeat(20));

  @TempDir Path tmp;

  @Test
  void raise_neverLowers_andIsKeyedByChainAndContract() throws Exception {
    for (HighWaterMarks m :
        List.of(HighWaterMarks.inMemory(), HighWaterMarks.inDirectory(tmp.resolve("marks")))) {
      assertThat(m.get(1, A)).isZero();
      assertThat(m.raise(1, A, 10)).isEqualTo(10);
      assertThat(m.raise(1, A, 7)).isEqualTo(10);
      assertThat(m.get(1, A)).isEqualTo(10);
      assertThat(m.get(1, B)).isZero();
      assertThat(m.get(5, A)).isZero();
    }
  }

  @Test
  void fileStore_survivesANewInstance_andLeavesOnlyTheMarkAndItsLock() throws Exception {
    HighWaterMarks m = HighWaterMarks.inDirectory(tmp);
    m.raise(31337, A, 123);
    assertThat(HighWaterMarks.inDirectory(tmp).get(31337, A)).isEqualTo(123);
    Path f = m.fileFor(31337, A);
    assertThat(f.getFileName().toString()).isEqualTo("31337-" + A.toPrefixedHex() + ".hwm");
    assertThat(Files.readString(f)).isEqualTo("123\n");
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(f.getFileName().toString(), f.getFileName() + ".lock");
    }
  }

  @Test
  void fileStore_concurrentRaises_endAtTheHighest() throws Exception {
    HighWaterMarks m = HighWaterMarks.inDirectory(tmp);
    HighWaterMarks other = HighWaterMarks.inDirectory(tmp); // like a second process
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> fs = new ArrayList<>();
      for (int i = 1; i <= 200; i++) {
        long n = i;
        HighWaterMarks target = (i & 1) == 0 ? m : other;
        fs.add(pool.submit(() -> target.raise(1, A, n)));
      }
      for (Future<Long> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(m.get(1, A)).isEqualTo(200);
  }

  @Test
  void fileStore_corruptOrOversizedMark_failsClosed() throws Exception {
    HighWaterMarks m = HighWaterMarks.inDirectory(tmp);
    for (String bad : List.of("", "12a\n", "-5\n", " 7\n", "9".repeat(30), "1\n2\n")) {
      Files.writeString(m.fileFor(1, A), bad);
      assertThatThrownBy(() -> m.get(1, A))
          .as("%s", bad)
          .isInstanceOfSatisfying(
              ReplicatoorException.class,
              e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.INTERNAL);
                assertThat(e.getMessage()).contains("does not hold a block number");
              });
      assertThatThrownBy(() -> m.raise(1, A, 5)).isInstanceOf(ReplicatoorException.class);
    }
  }
}
