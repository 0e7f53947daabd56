package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.port.ReportData;
import io.replicatoor.core.port.Sha256Hash;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.state.StateFingerprint;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** P1: every field of every transcript changes REPORTDATA, and the steps never collide. */
class TranscriptsTest {
  private static final HandoverConfig C = Net.CONFIG;
  private static final HandoverConfig OTHER_CHAIN = HandoverConfig.of(1, Net.CONTRACT);
  private static final HandoverConfig OTHER_CONTRACT =
      HandoverConfig.of(31337, EthereumAddress.of(new byte[20]));
  private static final BlockAnchor AN = new BlockAnchor(7, Bytes32.of(fill(1)));
  private static final byte[] EPK = fill(2);
  private static final Sha256Hash QH = Sha256Hash.of(fill(3));
  private static final byte[] ENC = fill(4);
  private static final Sha256Hash CT = Sha256Hash.of(fill(5));
  private static final StateFingerprint FP = StateFingerprint.of(fill(6));

  private static byte[] fill(int v) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) v);
    return b;
  }

  private static byte[] flip(byte[] b) {
    byte[] c = b.clone();
    c[31] ^= 1;
    return c;
  }

  private static ReportData rd(byte[] t) {
    return Transcripts.reportData(t);
  }

  @Test
  void everyFieldChangesReportData_andLabelsSeparateSteps() {
    List<ReportData> all =
        List.of(
            rd(Transcripts.join(C, AN, EPK)),
            rd(Transcripts.join(OTHER_CHAIN, AN, EPK)),
            rd(Transcripts.join(OTHER_CONTRACT, AN, EPK)),
            rd(Transcripts.join(C, new BlockAnchor(8, AN.hash()), EPK)),
            rd(Transcripts.join(C, new BlockAnchor(7, Bytes32.of(flip(fill(1)))), EPK)),
            rd(Transcripts.join(C, AN, flip(EPK))),
            rd(Transcripts.transfer(C, QH, AN, EPK, ENC, CT, 0, FP, 9)),
            rd(Transcripts.transfer(OTHER_CHAIN, QH, AN, EPK, ENC, CT, 0, FP, 9)),
            rd(Transcripts.transfer(OTHER_CONTRACT, QH, AN, EPK, ENC, CT, 0, FP, 9)),
            rd(Transcripts.transfer(C, Sha256Hash.of(flip(fill(3))), AN, EPK, ENC, CT, 0, FP, 9)),
            rd(Transcripts.transfer(C, QH, new BlockAnchor(8, AN.hash()), EPK, ENC, CT, 0, FP, 9)),
            rd(Transcripts.transfer(C, QH, AN, flip(EPK), ENC, CT, 0, FP, 9)),
            rd(Transcripts.transfer(C, QH, AN, EPK, flip(ENC), CT, 0, FP, 9)),
            rd(Transcripts.transfer(C, QH, AN, EPK, ENC, Sha256Hash.of(flip(fill(5))), 0, FP, 9)),
            rd(Transcripts.transfer(C, QH, AN, EPK, ENC, CT, 1, FP, 9)),
            rd(Transcripts.transfer(C, QH, AN, EPK, ENC, CT, 0, StateFingerprint.of(fill(7)), 9)),
            rd(Transcripts.transfer(C, QH, AN, EPK, ENC, CT, 0, FP, 10)),
            rd(Transcripts.genesis(C, FP)),
            rd(Transcripts.genesis(OTHER_CHAIN, FP)),
            rd(Transcripts.genesis(OTHER_CONTRACT, FP)),
            rd(Transcripts.genesis(C, StateFingerprint.of(fill(7)))),
            rd(Transcripts.self(C, fill(0))),
            rd(Transcripts.self(C, fill(1))));
    Set<ReportData> distinct = new HashSet<>(all);
    assertThat(distinct).hasSameSizeAs(all);
    assertThat(all).allSatisfy(r -> assertThat(r.length()).isEqualTo(64));
  }
}
