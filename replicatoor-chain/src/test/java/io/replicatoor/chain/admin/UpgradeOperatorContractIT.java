package io.replicatoor.chain.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.StorageSlots;
import io.replicatoor.chain.internal.contracts.UpgradeOperator;
import io.replicatoor.chain.testcontracts.TestMultisig;
import io.replicatoor.chain.testing.AnvilTestBase;
import io.replicatoor.chain.testing.Fixtures;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.measure.Measurement;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.sim.anvil.Anvil;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/** The contract test matrix of upgrade-governance.md 6.3 (1–9) against a real anvil. */
class UpgradeOperatorContractIT extends AnvilTestBase {
  static final long DELAY = 172_800;
  static UpgradeAdmin stranger;
  static Address ownerAddr;
  static Address guardianAddr;
  static long seed = 1000;

  @BeforeAll
  static void start() throws Exception {
    stranger = admin(Anvil.KEY_2);
    ownerAddr = Fixtures.key(Anvil.KEY_0).address();
    guardianAddr = Fixtures.key(Anvil.KEY_1).address();
  }

  static Address deploy() throws ReplicatoorException {
    return owner.deploy(ownerAddr, guardianAddr, DELAY).contract();
  }

  static Measurement fresh() {
    return Fixtures.parts(seed++);
  }

  static final StaticGasProvider GAS =
      new StaticGasProvider(BigInteger.valueOf(5_000_000_000L), BigInteger.valueOf(3_000_000));

  static Web3j web3() {
    return Web3j.build(new HttpService(anvil.uri().toString()));
  }

  /** Signs with {@code key} for anvil's chain id and polls every 50 ms for the receipt. */
  static RawTransactionManager signer(Web3j w, String key) {
    return new RawTransactionManager(
        w, Credentials.create(key), 31337, new PollingTransactionReceiptProcessor(w, 50, 200));
  }

  static UpgradeOperator wrapper(Address contract, String key) {
    Web3j w = web3();
    return UpgradeOperator.load(contract.toPrefixedHex(), w, signer(w, key), GAS);
  }

  /**
   * The six parts of {@code m} as the contract takes them: MRTD, RTMR0-2, compose hash, OS image.
   */
  static byte[][] abiParts(Measurement m) {
    return new byte[][] {
      m.mrTd().toByteArray(),
      m.rtmr0().toByteArray(),
      m.rtmr1().toByteArray(),
      m.rtmr2().toByteArray(),
      m.composeHash().toByteArray(),
      m.osImageHash().toByteArray()
    };
  }

  /** {@code p} activates exactly {@link #DELAY} seconds after the timestamp of its block. */
  static void assertActiveAfterDelay(Proposal p) {
    long blockTime =
        Long.decode(
            anvil
                .call("eth_getBlockByNumber", "0x" + Long.toHexString(p.blockNumber()), false)
                .get("timestamp")
                .asText());
    assertThat(p.activeAt()).isEqualTo(blockTime + DELAY);
  }

  static void assertReverts(ThrowingCall call, String reason) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.TRANSACTION_FAILED);
              assertThat(e.getMessage()).contains(reason);
            });
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  // ---- 1. roles ------------------------------------------------------------------------------

  @Test
  void propose_byNonOwner_reverts() throws Exception {
    Address c = deploy();
    assertReverts(() -> stranger.propose(c, fresh(), ""), "not owner");
  }

  @Test
  void propose_byGuardian_reverts() throws Exception {
    Address c = deploy();
    assertReverts(() -> guardian.propose(c, fresh(), ""), "not owner");
  }

  @Test
  void cancelAndRevoke_byStranger_revert() throws Exception {
    Address c = deploy();
    Proposal p = owner.propose(c, fresh(), "");
    assertReverts(() -> stranger.cancel(c, p.measurementId()), "not owner or guardian");
    assertReverts(() -> stranger.revoke(c, p.measurementId()), "not owner or guardian");
  }

  @Test
  void revertingTransactions_areSimulatedAndNeverSent() throws Exception {
    Address c = deploy();
    Proposal p = owner.propose(c, fresh(), "");
    String strangerAddr = Fixtures.key(Anvil.KEY_2).address().toPrefixedHex();
    String nonce = anvil.call("eth_getTransactionCount", strangerAddr, "latest").asText();
    String balance = anvil.call("eth_getBalance", strangerAddr, "latest").asText();
    String block = anvil.call("eth_blockNumber").asText();
    assertReverts(() -> stranger.revoke(c, p.measurementId()), "nothing was sent");
    assertReverts(() -> stranger.propose(c, fresh(), ""), "nothing was sent");
    assertThat(anvil.call("eth_getTransactionCount", strangerAddr, "latest").asText())
        .isEqualTo(nonce);
    assertThat(anvil.call("eth_getBalance", strangerAddr, "latest").asText()).isEqualTo(balance);
    assertThat(anvil.call("eth_blockNumber").asText()).as("nothing mined").isEqualTo(block);
    // The owner's own mistake (a duplicate proposal) is refused the same way.
    Measurement m = fresh();
    owner.propose(c, m, "");
    String ownerAddr = Fixtures.key(Anvil.KEY_0).address().toPrefixedHex();
    String ownerNonce = anvil.call("eth_getTransactionCount", ownerAddr, "latest").asText();
    assertReverts(() -> owner.propose(c, m, ""), "already proposed");
    assertThat(anvil.call("eth_getTransactionCount", ownerAddr, "latest").asText())
        .isEqualTo(ownerNonce);
  }

  // ---- 2. lengths ----------------------------------------------------------------------------

  @Test
  void propose_registerOf47or49Bytes_reverts() throws Exception {
    Address c = deploy();
    UpgradeOperator op = wrapper(c, Anvil.KEY_0);
    byte[] ok = new byte[48];
    for (int len : new int[] {47, 49, 0}) {
      byte[] bad = new byte[len];
      assertThatThrownBy(
              () -> op.proposeMeasurement(bad, ok, ok, ok, new byte[32], new byte[32], "").send())
          .hasMessageContaining("register length must be 48");
      assertThatThrownBy(
              () -> op.proposeMeasurement(ok, ok, ok, bad, new byte[32], new byte[32], "").send())
          .hasMessageContaining("register length must be 48");
    }
  }

  // ---- 3. duplicates -------------------------------------------------------------------------

  @Test
  void propose_existingOrRevokedId_reverts() throws Exception {
    Address c = deploy();
    Measurement m = fresh();
    Proposal p = owner.propose(c, m, "");
    assertReverts(() -> owner.propose(c, m, ""), "already proposed or revoked");
    owner.revoke(c, p.measurementId());
    assertReverts(() -> owner.propose(c, m, ""), "already proposed or revoked");
  }

  // ---- 4. delay ------------------------------------------------------------------------------

  @Test
  void propose_byOwner_activeAtIsBlockTimestampPlusDelay() throws Exception {
    Address c = deploy();
    Proposal p = owner.propose(c, fresh(), "https://example.org/release-1");
    assertActiveAfterDelay(p);
    UpgradeOperator op = wrapper(c, Anvil.KEY_0);
    assertThat(op.activeAt(p.measurementId().toByteArray()).send())
        .isEqualTo(BigInteger.valueOf(p.activeAt()));
  }

  @Test
  void constructor_delayBelow48Hours_reverts() throws Exception {
    Web3j w = web3();
    RawTransactionManager tm = signer(w, Anvil.KEY_0);
    assertThatThrownBy(() ->
            UpgradeOperator.deploy(
                    w,
                    tm,
                    GAS,
                    ownerAddr.toPrefixedHex(),
                    guardianAddr.toPrefixedHex(),
                    BigInteger.valueOf(DELAY - 1))
                .send())
        .hasMessageContaining("delay below 48 hours");
    // and the tooling refuses before sending
    assertThatThrownBy(() -> owner.deploy(ownerAddr, guardianAddr, DELAY - 1))
        .isInstanceOfSatisfying(
            ReplicatoorException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.USAGE));
    // exactly 48 h is accepted
    assertThat(owner.deploy(ownerAddr, guardianAddr, DELAY).delaySeconds()).isEqualTo(DELAY);
  }

  @Test
  void isActive_beforeAtAndAfterActivation_followsTimestamp() throws Exception {
    Address c = deploy();
    Proposal p = owner.propose(c, fresh(), "");
    UpgradeOperator op = wrapper(c, Anvil.KEY_0);
    byte[] id = p.measurementId().toByteArray();
    assertThat(op.isActive(id).send()).isFalse();
    anvil.increaseTime(DELAY / 2);
    anvil.mine();
    assertThat(op.isActive(id).send()).as("after 24 h").isFalse();
    anvil.mineAt(p.activeAt() - 1);
    assertThat(op.isActive(id).send()).as("at activeAt - 1").isFalse();
    anvil.mineAt(p.activeAt());
    assertThat(op.isActive(id).send()).as("at activeAt").isTrue();
  }

  // ---- 5. cancel -----------------------------------------------------------------------------

  @Test
  void cancel_byOwnerOrGuardianWhilePending_clearsAndAllowsReproposal() throws Exception {
    Address c = deploy();
    Measurement m = fresh();
    Proposal p1 = owner.propose(c, m, "");
    owner.cancel(c, p1.measurementId());
    UpgradeOperator op = wrapper(c, Anvil.KEY_0);
    assertThat(op.activeAt(p1.measurementId().toByteArray()).send()).isZero();
    anvil.increaseTime(60);
    anvil.mine();
    Proposal p2 = owner.propose(c, m, "");
    assertThat(p2.activeAt()).isGreaterThan(p1.activeAt());
    guardian.cancel(c, p2.measurementId());
    assertThat(op.activeAt(p2.measurementId().toByteArray()).send()).isZero();
  }

  @Test
  void cancel_afterActivation_reverts() throws Exception {
    Address c = deploy();
    Proposal p = owner.propose(c, fresh(), "");
    anvil.mineAt(p.activeAt());
    assertReverts(() -> guardian.cancel(c, p.measurementId()), "not pending");
    assertReverts(() -> owner.cancel(c, MeasurementId.of(Fixtures.word(seed++))), "not pending");
  }

  // ---- 6. revoke -----------------------------------------------------------------------------

  @Test
  void revoke_unknownPendingAndActive_isPermanent() throws Exception {
    Address c = deploy();
    UpgradeOperator op = wrapper(c, Anvil.KEY_0);
    Measurement never = fresh();
    guardian.revoke(c, never.measurementId()); // pre-emptive
    assertReverts(() -> owner.propose(c, never, ""), "already proposed or revoked");
    Proposal pending = owner.propose(c, fresh(), "");
    Proposal active = owner.propose(c, fresh(), "");
    anvil.mineAt(active.activeAt());
    assertThat(op.isActive(active.measurementId().toByteArray()).send()).isTrue();
    owner.revoke(c, pending.measurementId());
    guardian.revoke(c, active.measurementId());
    for (MeasurementId id :
        List.of(never.measurementId(), pending.measurementId(), active.measurementId())) {
      assertThat(op.activeAt(id.toByteArray()).send()).isEqualTo(StorageSlots.REVOKED);
      assertThat(op.isActive(id.toByteArray()).send()).isFalse();
      assertReverts(() -> owner.revoke(c, id), "already revoked");
      assertReverts(() -> owner.cancel(c, id), "not pending");
    }
  }

  // ---- 7. genesis ----------------------------------------------------------------------------

  @Test
  void registerStateKey_once_secondAndZeroAndNonOwnerRevert() throws Exception {
    Address c = deploy();
    assertReverts(() -> owner.registerStateKey(c, Bytes32.ZERO), "zero fingerprint");
    assertReverts(() -> guardian.registerStateKey(c, Fixtures.word(1)), "not owner");
    owner.registerStateKey(c, Fixtures.word(1));
    assertReverts(() -> owner.registerStateKey(c, Fixtures.word(2)), "already registered");
    assertThat(owner.status(c).stateFingerprint()).isEqualTo(Fixtures.word(1));
  }

  // ---- 8. events -----------------------------------------------------------------------------

  @Test
  void events_everyChange_logsPreimageThatRecomputesId() throws Exception {
    Address c = deploy();
    UpgradeOperator op = wrapper(c, Anvil.KEY_0);
    Measurement m = fresh();
    byte[][] parts = abiParts(m);
    var receipt =
        op.proposeMeasurement(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], "notes")
            .send();
    var ev = UpgradeOperator.getMeasurementProposedEvents(receipt).get(0);
    Measurement fromEvent =
        new Measurement(
            Measurement48.of(ev.mrtd),
            Measurement48.of(ev.rtmr0),
            Measurement48.of(ev.rtmr1),
            Measurement48.of(ev.rtmr2),
            Bytes32.of(ev.composeHash),
            Bytes32.of(ev.osImageHash));
    assertThat(fromEvent.measurementId())
        .isEqualTo(MeasurementId.of(ev.id))
        .isEqualTo(m.measurementId());
    assertThat(
            MeasurementId.of(
                op.measurementId(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5])
                    .send()))
        .as("pure view")
        .isEqualTo(m.measurementId());
    Bytes32 device = Fixtures.word(77);
    assertThat(MeasurementId.of(op.deviceKey(device.toByteArray()).send()))
        .isEqualTo(MeasurementId.ofDevice(device));
    Proposal second = owner.propose(c, fresh(), "");
    owner.cancel(c, second.measurementId());
    guardian.revoke(c, m.measurementId());
    owner.registerStateKey(c, Fixtures.word(5));
    List<GovernanceEvent> trail = owner.auditTrail(c);
    assertThat(trail)
        .extracting(GovernanceEvent::type)
        .containsExactly(
            "MeasurementProposed",
            "MeasurementProposed",
            "Cancelled",
            "Revoked",
            "StateKeyRegistered");
    assertThat(trail.get(2).id()).isEqualTo(second.measurementId().toBytes32());
    assertThat(trail.get(3).by()).isEqualTo(guardianAddr);
    assertThat(trail.get(4).id()).isEqualTo(Fixtures.word(5));
    ContractStatus s = owner.status(c);
    assertThat(s.approvals())
        .extracting(ApprovalEntry::state)
        .containsExactly(ProposalState.REVOKED, ProposalState.CANCELLED);
    assertThat(s.approvals().get(0).description()).isEqualTo("notes");
  }

  @Test
  void proposeDevice_byOwner_sharesDelayAndMapping() throws Exception {
    Address c = deploy();
    Bytes32 device = Fixtures.word(seed++);
    Proposal p = owner.proposeDevice(c, device, "new host");
    assertThat(p.measurementId()).isEqualTo(MeasurementId.ofDevice(device));
    assertActiveAfterDelay(p);
    assertThat(storageAt(c, StorageSlots.activeAt(p.measurementId().toBytes32())).toUnsigned())
        .isEqualTo(BigInteger.valueOf(p.activeAt()));
    assertReverts(() -> guardian.proposeDevice(c, Fixtures.word(seed++), ""), "not owner");
    assertThat(owner.auditTrail(c))
        .extracting(GovernanceEvent::type)
        .containsExactly("DeviceProposed");
  }

  // ---- 9. storage layout (invariant 7, read back through eth_getStorageAt) --------------------

  @Test
  void storageLayout_slots0to2_holdActiveAtFingerprintAndProposedIds() throws Exception {
    Address c = deploy();
    Proposal p = owner.propose(c, fresh(), "");
    owner.registerStateKey(c, Fixtures.word(9));
    assertThat(storageAt(c, StorageSlots.activeAt(p.measurementId().toBytes32())).toUnsigned())
        .isEqualTo(BigInteger.valueOf(p.activeAt()));
    assertThat(storageAt(c, StorageSlots.STATE_KEY_FINGERPRINT)).isEqualTo(Fixtures.word(9));
    assertThat(storageAt(c, StorageSlots.PROPOSED_IDS_LENGTH).toUnsigned())
        .isEqualTo(BigInteger.ONE);
    assertThat(storageAt(c, StorageSlots.proposedId(0))).isEqualTo(p.measurementId().toBytes32());
  }

  static Bytes32 storageAt(Address c, Bytes32 slot) {
    return Bytes32.fromHex(
        anvil.call("eth_getStorageAt", c.toPrefixedHex(), slot.toPrefixedHex(), "latest").asText());
  }

  // ---- multisig owner ------------------------------------------------------------------------

  @Test
  void propose_byMultisigOwner_executesOnlyAtThreshold() throws Exception {
    Web3j w = web3();
    List<String> signers =
        List.of(
            Fixtures.key(Anvil.KEY_1).address().toPrefixedHex(),
            Fixtures.key(Anvil.KEY_2).address().toPrefixedHex(),
            Fixtures.key(Anvil.KEY_3).address().toPrefixedHex());
    TestMultisig safe1 =
        TestMultisig.deploy(w, signer(w, Anvil.KEY_1), GAS, signers, BigInteger.TWO).send();
    Address safe = Address.fromHex(safe1.getContractAddress());
    Address c = owner.deploy(safe, Address.ZERO, DELAY).contract();
    Measurement m = fresh();
    // a signer acting alone is not the owner
    UpgradeAdmin signer2 = UpgradeAdmin.connect(anvil.uri(), Fixtures.key(Anvil.KEY_2));
    assertReverts(() -> signer2.propose(c, m, ""), "not owner");
    byte[][] parts = abiParts(m);
    String data =
        FunctionEncoder.encode(
            new Function(
                "proposeMeasurement",
                Arrays.<Type>asList(
                    new DynamicBytes(parts[0]),
                    new DynamicBytes(parts[1]),
                    new DynamicBytes(parts[2]),
                    new DynamicBytes(parts[3]),
                    // web3j's Bytes32, not core's
                    new org.web3j.abi.datatypes.generated.Bytes32(parts[4]),
                    new org.web3j.abi.datatypes.generated.Bytes32(parts[5]),
                    new Utf8String("")),
                List.of()));
    byte[] calldata = Numeric.hexStringToByteArray(data);
    safe1.submit(c.toPrefixedHex(), calldata).send();
    UpgradeOperator op = wrapper(c, Anvil.KEY_0);
    assertThat(op.activeAt(m.measurementId().toByteArray()).send())
        .as("1 of 2 confirmations")
        .isZero();
    TestMultisig safe2 = TestMultisig.load(safe.toPrefixedHex(), w, signer(w, Anvil.KEY_2), GAS);
    safe2.confirm(BigInteger.ZERO).send();
    assertThat(op.activeAt(m.measurementId().toByteArray()).send()).as("2 of 2").isPositive();
    assertThat(owner.status(c).owner()).isEqualTo(safe);
    signer2.close();
  }
}
