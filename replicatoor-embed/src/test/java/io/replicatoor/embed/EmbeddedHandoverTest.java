package io.replicatoor.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.chain.admin.Deployment;
import io.replicatoor.chain.admin.Proposal;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.chain.testing.Fixtures;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.bytes.ByteArrays;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.handover.JoinRequest;
import io.replicatoor.core.handover.Phase;
import io.replicatoor.core.handover.SealingMode;
import io.replicatoor.core.handover.TransferBundle;
import io.replicatoor.core.measure.Measurement;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.core.time.MutableClock;
import io.replicatoor.sim.SimAgent;
import io.replicatoor.sim.anvil.Anvil;
import io.replicatoor.testing.HostHpke;
import io.replicatoor.testing.SecretScan;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole hand-over with the REAL simulator agent (Unix sockets, dev trust root: INSECURE,
 * development only) and a REAL anvil with {@code UpgradeOperator} deployed, through {@link
 * EmbeddedReplicatoor}: genesis, register-state, a new measurement refused inside the timelock with
 * its activation time, accepted after 48 h, request/onboard/receive from A to B, equal derived
 * keys; then attacks at this level.
 */
class EmbeddedHandoverTest {
  static final long DELAY = UpgradeAdmin.MIN_DELAY_SECONDS;
  static final byte[] APP_ID = HexFormat.of().parseHex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4");
  static final boolean BIND_OS = false;

  @TempDir Path tmp;
  Anvil anvil;
  UpgradeAdmin owner;
  UpgradeAdmin guardian;
  Deployment dep;
  MutableClock clock;
  final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    if (owner != null) {
      owner.close();
      guardian.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  private void startChain() throws Exception {
    anvil = Anvil.start();
    owner = UpgradeAdmin.connect(anvil.uri(), Fixtures.key(Anvil.KEY_0));
    guardian = UpgradeAdmin.connect(anvil.uri(), Fixtures.key(Anvil.KEY_1));
    dep =
        owner.deploy(
            Fixtures.key(Anvil.KEY_0).address(), Fixtures.key(Anvil.KEY_1).address(), DELAY);
    clock = new MutableClock(Instant.ofEpochSecond(anvil.latestTimestamp()));
  }

  /** Mines a block after {@code seconds} and sets trusted time to its timestamp. */
  private void advance(long seconds) {
    if (seconds > 0) {
      anvil.increaseTime(seconds);
    }
    anvil.mine();
    clock.set(Instant.ofEpochSecond(anvil.latestTimestamp()));
  }

  private SimAgent agent(String name) throws Exception {
    SimAgent a = SimAgent.start(tmp.resolve("pki"), tmp, name, APP_ID, clock.instant());
    closing.add(a);
    return a;
  }

  private EmbeddedReplicatoor instance(SimAgent a, String dataDir) throws ReplicatoorException {
    return instance(a, dataDir, SealingMode.OFF);
  }

  private EmbeddedReplicatoor instance(SimAgent a, String dataDir, SealingMode sealing)
      throws ReplicatoorException {
    return instance(a, dataDir, sealing, dep);
  }

  /** An instance in the VM of {@code a} configured for the contract of {@code deployment}. */
  private EmbeddedReplicatoor instance(
      SimAgent a, String dataDir, SealingMode sealing, Deployment deployment)
      throws ReplicatoorException {
    return EmbeddedReplicatoor.builder()
        .sealing(sealing)
        .agentSocket(a.socket())
        .chain(31337, List.of(anvil.uri()), 1)
        .contract(deployment.contract().toHex(), deployment.codeHash().toHex())
        .maxHeaderAge(Duration.ofHours(1))
        .dataDir(tmp.resolve(dataDir))
        .insecureDevTrustRoot(a.devTrustRoot())
        .collateral(CollateralSource.directory(a.collateral()))
        .bindOsImageHash(BIND_OS)
        .clock(clock)
        .start();
  }

  private Proposal propose(SimAgent a) throws Exception {
    Measurement m = a.measurement(BIND_OS);
    return owner.propose(dep.contract(), m, "e2e");
  }

  /** A, approved and past the timelock, creates the state; the owner registers it. */
  private EmbeddedReplicatoor genesisA(SimAgent simA) throws Exception {
    return genesisA(simA, SealingMode.OFF);
  }

  private EmbeddedReplicatoor genesisA(SimAgent simA, SealingMode sealing) throws Exception {
    propose(simA);
    advance(DELAY + 60);
    EmbeddedReplicatoor a = instance(simA, "a", sealing);
    GenesisEvidence g = a.genesis();
    assertThat(a.status().phase()).isEqualTo(Phase.CANDIDATE);
    assertThatThrownBy(() -> a.deriveKey("wallet/0", "signing", "secp256k1"))
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.NOT_SERVING);
    owner.registerStateKey(dep.contract(), Bytes32.of(g.fingerprint().toByteArray()));
    advance(1);
    assertThat(a.refresh().phase()).isEqualTo(Phase.SERVING);
    return a;
  }

  // The usual parties, set by twoInstances(): A (app-v1) serves the registered state; B (app-v2)
  // runs a measurement that the owner proposed and that is past the timelock.
  private SimAgent simA;
  private SimAgent simB;
  private EmbeddedReplicatoor a;
  private EmbeddedReplicatoor b;
  private Proposal proposalB;

  private void twoInstances() throws Exception {
    startChain();
    simA = agent("app-v1");
    simB = agent("app-v2");
    a = genesisA(simA);
    proposalB = propose(simB);
    advance(DELAY + 60);
    b = instance(simB, "b");
  }

  @Test
  void genesisRegisterTimelockThenHandOverGivesEqualKeys() throws Exception {
    startChain();
    SimAgent simA = agent("app-v1");
    SimAgent simB = agent("app-v2");
    EmbeddedReplicatoor a = genesisA(simA);

    // A new measurement (v2) is proposed: inside the timelock the join is refused, naming when.
    Proposal p = propose(simB);
    advance(1);
    EmbeddedReplicatoor b = instance(simB, "b");
    JoinRequest early = b.requestKey();
    assertThatThrownBy(() -> a.onboard(early.encode()))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.TIMELOCK_NOT_ELAPSED);
              assertThat(e.getMessage()).contains(Instant.ofEpochSecond(p.activeAt()).toString());
            });

    // After 48 h: request, onboard, receive.
    advance(DELAY + 60);
    JoinRequest join = b.requestKey();
    TransferBundle bundle = a.onboard(join.encode());
    assertThat(b.receiveKey(bundle.encode()).phase()).isEqualTo(Phase.SERVING);
    for (String alg : List.of("secp256k1", "ed25519", "raw")) {
      DerivedKey ka = a.deriveKey("wallet/0", "signing", alg);
      DerivedKey kb = b.deriveKey("wallet/0", "signing", alg);
      assertThat(kb.key().equalsSecret(ka.key())).as(alg).isTrue();
      assertThat(kb.signature()).isEqualTo(ka.signature());
    }
    assertThat(b.status().fingerprint()).isEqualTo(a.status().fingerprint());

    // Replayed join: the same join again is refused.
    assertThatThrownBy(() -> a.onboard(join.encode()))
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.JOIN_REPLAYED);
    // The original two form fields work too (fresh join from a third instance of v2).
    SimAgent simC = agent("app-v2c");
    propose(simC);
    advance(DELAY + 60);
    EmbeddedReplicatoor c = instance(simC, "c");
    JoinRequest jc = c.requestKey();
    TransferBundle bc = a.onboard(jc.pubkField(), jc.quoteField());
    assertThat(c.receiveKey(bc.encode()).phase()).isEqualTo(Phase.SERVING);
  }

  @Test
  void hostMadeBundleValidlyEncryptedToBIsRefusedAndTheGenuineOneStillWorks() throws Exception {
    twoInstances();
    JoinRequest join = b.requestKey();
    TransferBundle genuine = a.onboard(join.encode());

    // The host knows B's public key and everything public: it HPKE-encrypts its own root secret to
    // B with the exact info/aad of protocol.md section 6 and swaps enc and ciphertext.
    byte[] hostRoot = new byte[32];
    Arrays.fill(hostRoot, (byte) 0x66);
    byte[] quoteHashB = Quote.parse(join.evidence().quote()).canonicalSha256().toByteArray();
    byte[] info =
        ByteArrays.concat(
            lp("replicatoor/v1/transfer".getBytes(StandardCharsets.US_ASCII)),
            lp(quoteHashB),
            lp(u64(join.anchor().number())),
            lp(join.anchor().hash().toByteArray()));
    byte[] aad =
        ByteArrays.concat(lp(u64(genuine.stateVersion())), lp(genuine.fingerprint().toByteArray()));
    byte[] plaintext = ByteArrays.concat(new byte[] {1}, hostRoot, u64(genuine.stateVersion()));
    HostHpke.Sealed out = HostHpke.seal(join.pubk(), plaintext, info, aad);
    ObjectMapper json = new ObjectMapper();
    ObjectNode forged = (ObjectNode) json.readTree(genuine.encode());
    forged.put("enc", HexFormat.of().formatHex(out.enc()));
    forged.put("ciphertext", HexFormat.of().formatHex(out.ciphertext()));
    assertThatThrownBy(() -> b.receiveKey(json.writeValueAsBytes(forged)))
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.BINDING_MISMATCH);
    assertThat(b.status().phase()).isEqualTo(Phase.JOINING);

    // The genuine bundle is still accepted afterwards.
    assertThat(b.receiveKey(genuine.encode()).phase()).isEqualTo(Phase.SERVING);
    assertThat(b.deriveKey("k", "p", "raw").key().equalsSecret(a.deriveKey("k", "p", "raw").key()))
        .isTrue();
  }

  @Test
  void revokedMeasurementOnEitherSideIsRefused() throws Exception {
    twoInstances();

    // B's measurement revoked: A refuses B's join.
    guardian.revoke(dep.contract(), proposalB.measurementId());
    advance(1);
    JoinRequest join = b.requestKey();
    assertThatThrownBy(() -> a.onboard(join.encode()))
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.MEASUREMENT_REVOKED);
    assertThat(a.status().phase()).isEqualTo(Phase.SERVING);

    // A's own measurement revoked: A stops serving (halts, state wiped) at its next onboard.
    SimAgent simC = agent("app-v3");
    propose(simC);
    advance(DELAY + 60);
    EmbeddedReplicatoor c = instance(simC, "c");
    JoinRequest jc = c.requestKey();
    guardian.revoke(dep.contract(), MeasurementId.of(simA.measurement(BIND_OS)));
    advance(1);
    assertThatThrownBy(() -> a.onboard(jc.encode()))
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.MEASUREMENT_REVOKED);
    assertThat(a.status().phase()).isEqualTo(Phase.HALTED);
    assertThatThrownBy(() -> a.deriveKey("wallet/0", "signing", "secp256k1"))
        .isInstanceOf(ReplicatoorException.class);
  }

  @Test
  void staleAnchorAndJoinForAnotherContractAreRefused() throws Exception {
    twoInstances();

    // A join whose block anchor is older than maxJoinAge (10 minutes) when A sees it.
    JoinRequest old = b.requestKey();
    advance(11 * 60);
    assertThatThrownBy(() -> a.onboard(old.encode()))
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.ANCHOR_STALE);

    // B configured for another UpgradeOperator on the same chain: its join transcript binds that
    // contract, so A's rebuilt transcript differs in REPORTDATA.
    Deployment other =
        owner.deploy(
            Fixtures.key(Anvil.KEY_0).address(), Fixtures.key(Anvil.KEY_1).address(), DELAY);
    advance(1);
    EmbeddedReplicatoor elsewhere = instance(simB, "elsewhere", SealingMode.OFF, other);
    JoinRequest foreign = elsewhere.requestKey();
    assertThatThrownBy(() -> a.onboard(foreign.encode()))
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.BINDING_MISMATCH);

    // A fresh join from the right B still works.
    JoinRequest fresh = b.requestKey();
    assertThat(b.receiveKey(a.onboard(fresh.encode()).encode()).phase()).isEqualTo(Phase.SERVING);
  }

  @Test
  void withSealingOffNothingButPublicDataIsWrittenToTheDataFolder() throws Exception {
    startChain();
    SimAgent simA = agent("app-v1");
    EmbeddedReplicatoor a = genesisA(simA);
    DerivedKey k = a.deriveKey("wallet/0", "signing", "raw");
    byte[] secret = k.key().reveal(SecretAccess.insecure());
    try (Stream<Path> files = Files.walk(tmp.resolve("a"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] content = Files.readAllBytes(f);
        assertThat(SecretScan.indexOf(content, secret)).as(f.toString()).isEqualTo(-1);
      }
    }
    assertThat(tmp.resolve("a").resolve(EmbeddedReplicatoor.SEALED_STATE_FILE)).doesNotExist();
    // The only files are the chain reader's high-water marks (a public block number) and their
    // empty lock files.
    try (Stream<Path> files = Files.walk(tmp.resolve("a"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(tmp.resolve("a").relativize(f).getName(0).toString())
            .as(f.toString())
            .isEqualTo(EmbeddedReplicatoor.CHAIN_DIR);
        assertThat(Files.readString(f).strip()).as(f.toString()).matches("[0-9]*");
      }
    }
  }

  @Test
  void kmsSealedStateResumesAfterRestartIsRefusedWhenTamperedOrRevoked() throws Exception {
    startChain();
    SimAgent simA = agent("app-v1");
    EmbeddedReplicatoor a = genesisA(simA, SealingMode.KMS);
    assertThat(a.status().sealingTrust()).contains("dstack KMS");
    Path sealed = tmp.resolve("a").resolve(EmbeddedReplicatoor.SEALED_STATE_FILE);
    assertThat(sealed).exists();
    DerivedKey before = a.deriveKey("wallet/0", "signing", "secp256k1");

    // Restart: the sealed state resumes without a hand-over, same keys.
    EmbeddedReplicatoor restarted = instance(simA, "a", SealingMode.KMS);
    assertThat(restarted.status().phase()).isEqualTo(Phase.SERVING);
    assertThat(
            restarted
                .deriveKey("wallet/0", "signing", "secp256k1")
                .key()
                .equalsSecret(before.key()))
        .isTrue();

    // A tampered blob is refused; nothing is half-loaded.
    byte[] good = Files.readAllBytes(sealed);
    byte[] bad = good.clone();
    bad[bad.length - 1] ^= 1;
    Files.write(sealed, bad);
    assertThatThrownBy(() -> instance(simA, "a", SealingMode.KMS))
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.SEALED_STATE_INVALID);
    Files.write(sealed, good);

    // The own measurement revoked after a restart: refuses to start.
    guardian.revoke(dep.contract(), MeasurementId.of(simA.measurement(BIND_OS)));
    advance(1);
    assertThatThrownBy(() -> instance(simA, "a", SealingMode.KMS))
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.MEASUREMENT_REVOKED);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static byte[] lp(byte[] x) {
    return ByteArrays.concat(ByteBuffer.allocate(4).putInt(x.length).array(), x);
  }

  private static byte[] u64(long n) {
    return ByteBuffer.allocate(8).putLong(n).array();
  }
}
