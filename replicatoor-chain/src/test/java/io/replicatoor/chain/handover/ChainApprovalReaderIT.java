package io.replicatoor.chain.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.chain.ChainReaderConfig;
import io.replicatoor.chain.HighWaterMarks;
import io.replicatoor.chain.VerifiedApprovalReader;
import io.replicatoor.chain.admin.Deployment;
import io.replicatoor.chain.admin.Proposal;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.chain.testing.AnvilTestBase;
import io.replicatoor.chain.testing.Fixtures;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.ApprovalReading;
import io.replicatoor.core.port.ApprovalStatus;
import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.state.StateFingerprint;
import io.replicatoor.core.time.MutableClock;
import io.replicatoor.sim.anvil.Anvil;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's approval port over the verified reader, against a real anvil. */
class ChainApprovalReaderIT extends AnvilTestBase {
  static final long DELAY = UpgradeAdmin.MIN_DELAY_SECONDS;

  @TempDir Path dir;
  Deployment dep;
  MutableClock clock;

  private ChainApprovalReader reader(Path marks) throws ReplicatoorException {
    if (dep == null) {
      dep =
          owner.deploy(
              Fixtures.key(Anvil.KEY_0).address(), Fixtures.key(Anvil.KEY_1).address(), DELAY);
      clock = new MutableClock(Instant.EPOCH);
    }
    return new ChainApprovalReader(
        VerifiedApprovalReader.create(
            ChainReaderConfig.of(
                31337,
                List.of(anvil.uri()),
                1,
                dep.contract(),
                dep.codeHash(),
                Duration.ofHours(1)),
            clock,
            HighWaterMarks.inDirectory(marks)));
  }

  private void now() {
    anvil.mine();
    clock.set(Instant.ofEpochSecond(anvil.latestTimestamp()));
  }

  @Test
  void statusFollowsTheContractAtAVerifiedBlock() throws Exception {
    ChainApprovalReader r = reader(dir);
    Proposal p = owner.propose(dep.contract(), Fixtures.parts(9001), "");
    now();
    ApprovalReading pending = r.read(p.measurementId());
    assertThat(pending.status())
        .isEqualTo(new ApprovalStatus.Pending(Instant.ofEpochSecond(p.activeAt())));
    assertThat(pending.registeredFingerprint()).isEmpty();
    assertThat(pending.block().number())
        .isEqualTo(Long.decode(anvil.call("eth_blockNumber").asText()));

    anvil.increaseTime(DELAY + 1);
    now();
    assertThat(r.read(p.measurementId()).status())
        .isEqualTo(new ApprovalStatus.Approved(Instant.ofEpochSecond(p.activeAt())));
    assertThat(r.read(MeasurementId.of(Fixtures.parts(9002))).status())
        .isEqualTo(new ApprovalStatus.Unknown());

    Bytes32 fp = Fixtures.word(77);
    owner.registerStateKey(dep.contract(), fp);
    guardian.revoke(dep.contract(), p.measurementId());
    now();
    ApprovalReading revoked = r.read(p.measurementId());
    assertThat(revoked.status()).isEqualTo(new ApprovalStatus.Revoked());
    assertThat(revoked.registeredFingerprint()).contains(StateFingerprint.of(fp));
  }

  @Test
  void confirmAgreesOnlyOnTheRealBlock() throws Exception {
    ChainApprovalReader r = reader(dir);
    now();
    ChainBlock head = r.head();
    assertThat(r.confirm(head.number(), head.hash())).contains(head);
    now();
    now();
    // An older block is still confirmed (with its own timestamp), a wrong hash or a future block
    // is not.
    assertThat(r.confirm(head.number(), head.hash())).contains(head);
    byte[] wrong = head.hash().toByteArray();
    wrong[31] ^= 1;
    assertThat(r.confirm(head.number(), Bytes32.of(wrong))).isEmpty();
    assertThat(r.confirm(head.number() + 1000, head.hash())).isEmpty();
    assertThat(r.confirm(-1, head.hash())).isEmpty();
  }

  @Test
  void raisedFloorIsPersistedAndNeverDecidedBelow() throws Exception {
    ChainApprovalReader r = reader(dir);
    now();
    ChainBlock head = r.head();
    r.raiseFloor(head.number() + 5);
    r.raiseFloor(1); // lower: ignored
    assertThatThrownBy(r::head)
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.HEADER_STALE);
    // Another reader (a restarted process) over the same folder keeps the floor.
    ChainApprovalReader again = reader(dir);
    assertThatThrownBy(() -> again.read(MeasurementId.of(Fixtures.parts(1))))
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.HEADER_STALE);
    for (int i = 0; i < 5; i++) {
      now();
    }
    assertThat(again.head().number()).isGreaterThanOrEqualTo(head.number() + 5);
  }
}
