package io.replicatoor.chain.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.testing.AnvilTestBase;
import io.replicatoor.chain.testing.Fixtures;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.sim.anvil.Anvil;
import org.junit.jupiter.api.Test;

/**
 * {@link UpgradeAdmin#auditTrail} reads every field of each governance event from its log: the
 * subject (proposal id, device key, fingerprint), {@code activeAt} (proposals only), who acted, and
 * the block and transaction, against a real anvil.
 */
class AuditTrailIT extends AnvilTestBase {
  @Test
  void everyEventKind_everyField() throws Exception {
    Address ownerAddr = Fixtures.key(Anvil.KEY_0).address();
    Address guardianAddr = Fixtures.key(Anvil.KEY_1).address();
    Address c = owner.deploy(ownerAddr, guardianAddr, UpgradeAdmin.MIN_DELAY_SECONDS).contract();
    Proposal measurement = owner.propose(c, Fixtures.parts(7001), "notes");
    Proposal device = owner.proposeDevice(c, Fixtures.word(7002), "");
    TxResult cancelled = owner.cancel(c, device.measurementId());
    TxResult revoked = guardian.revoke(c, measurement.measurementId());
    TxResult registered = owner.registerStateKey(c, Fixtures.word(7003));

    assertThat(owner.auditTrail(c))
        .containsExactly(
            proposed("MeasurementProposed", measurement, ownerAddr),
            proposed("DeviceProposed", device, ownerAddr),
            ended("Cancelled", device.measurementId().toBytes32(), ownerAddr, cancelled),
            ended("Revoked", measurement.measurementId().toBytes32(), guardianAddr, revoked),
            ended("StateKeyRegistered", Fixtures.word(7003), ownerAddr, registered));
    assertThat(measurement.activeAt()).isPositive();
  }

  private static GovernanceEvent proposed(String type, Proposal p, Address by) {
    return new GovernanceEvent(
        type, p.measurementId().toBytes32(), p.activeAt(), by, p.blockNumber(), p.tx());
  }

  private static GovernanceEvent ended(String type, Bytes32 id, Address by, TxResult t) {
    return new GovernanceEvent(type, id, 0, by, t.blockNumber(), t.tx());
  }
}
