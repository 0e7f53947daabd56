package io.replicatoor.devnet;

import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.chain.admin.Deployment;
import io.replicatoor.chain.admin.SigningKey;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.measure.Measurement;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.time.MutableClock;
import io.replicatoor.embed.EmbeddedReplicatoor;
import io.replicatoor.sim.SimAgent;
import io.replicatoor.sim.anvil.Anvil;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DEVELOPMENT ONLY: a development network for tests of embedding apps and the local demo: a real
 * anvil with {@code UpgradeOperator} deployed (48 h delay), trusted time following the chain, and
 * real simulator agents on Unix sockets (INSECURE dev trust root). {@link #close()} stops
 * everything it started.
 */
public final class DevNetwork implements AutoCloseable {
  /** The contract's timelock. */
  public static final long DELAY = UpgradeAdmin.MIN_DELAY_SECONDS;

  /** anvil's chain id. */
  public static final long CHAIN_ID = 31337;

  private static final byte[] APP_ID = new byte[20];

  private final Path dir;
  private final Anvil anvil;
  private final UpgradeAdmin owner;
  private final UpgradeAdmin guardian;
  private final Deployment dep;
  private final MutableClock clock;
  private final List<AutoCloseable> agents = new ArrayList<>();
  private final Map<String, SimAgent> agentsByName = new HashMap<>();
  private final Set<MeasurementId> proposed = new HashSet<>();
  private SimAgent lastAgent;

  private DevNetwork(
      Path dir, Anvil anvil, UpgradeAdmin owner, UpgradeAdmin guardian, Deployment dep) {
    this.dir = dir;
    this.anvil = anvil;
    this.owner = owner;
    this.guardian = guardian;
    this.dep = dep;
    this.clock = new MutableClock(Instant.ofEpochSecond(anvil.latestTimestamp()));
  }

  /**
   * Starts anvil in the background and deploys the contract; files go under {@code dir}. The chain
   * starts one timelock and ten minutes in the past, so after the first approval its time is close
   * to real time (tools that use the system clock, such as the CLI, can read it).
   */
  public static DevNetwork start(Path dir) throws Exception {
    return start(dir, Anvil.binary());
  }

  /** As {@link #start(Path)} with the anvil binary {@code anvilBinary}. */
  public static DevNetwork start(Path dir, Path anvilBinary) throws Exception {
    long genesis = Instant.now().getEpochSecond() - DELAY - 600;
    Anvil anvil = Anvil.start(anvilBinary, "--timestamp", Long.toString(genesis));
    try {
      UpgradeAdmin owner = UpgradeAdmin.connect(anvil.uri(), key(Anvil.KEY_0));
      UpgradeAdmin guardian = UpgradeAdmin.connect(anvil.uri(), key(Anvil.KEY_1));
      Deployment dep = owner.deploy(key(Anvil.KEY_0).address(), key(Anvil.KEY_1).address(), DELAY);
      return new DevNetwork(dir, anvil, owner, guardian, dep);
    } catch (Exception | Error e) {
      anvil.close();
      throw e;
    }
  }

  /**
   * A builder for an instance of the app version {@code version} (its compose file, so its
   * measurement, differs per version), wired to a fresh simulator agent, the chain and trusted
   * time. A version's measurement is proposed the first time it is seen and, when {@code approved},
   * time moves past the timelock.
   */
  public EmbeddedReplicatoor.Builder instance(String version, String name, boolean approved)
      throws Exception {
    SimAgent a = SimAgent.start(dir.resolve("pki"), dir, name, version, APP_ID, clock.instant());
    agents.add(a);
    agentsByName.put(name, a);
    lastAgent = a;
    Measurement m = a.measurement(false);
    if (proposed.add(m.measurementId())) {
      owner.propose(dep.contract(), m, version);
      advance(approved ? DELAY + 60 : 1);
    }
    return EmbeddedReplicatoor.builder()
        .agentSocket(a.socket())
        .chain(CHAIN_ID, List.of(anvil.uri()), 1)
        .contract(dep.contract().toHex(), dep.codeHash().toHex())
        .maxHeaderAge(Duration.ofHours(1))
        .dataDir(dir.resolve("data-" + name))
        .insecureDevTrustRoot(a.devTrustRoot())
        .collateral(CollateralSource.directory(a.collateral()))
        .bindOsImageHash(false)
        .clock(clock);
  }

  /**
   * A started, approved instance of {@code version} that created the state: its genesis fingerprint
   * is registered on chain and it has read the chain again, so it serves.
   */
  public EmbeddedReplicatoor genesisInstance(String version, String name) throws Exception {
    EmbeddedReplicatoor r = instance(version, name, true).start();
    registerState(r.genesis());
    r.refresh();
    return r;
  }

  /** The owner's {@code register-state} for a genesis candidate's fingerprint. */
  public void registerState(GenesisEvidence g) throws Exception {
    owner.registerStateKey(dep.contract(), Bytes32.of(g.fingerprint().toByteArray()));
    advance(1);
  }

  /** The simulators' collateral folder (after the first {@link #instance}). */
  public Path collateral() {
    return lastAgent.collateral();
  }

  /** The simulators' INSECURE dev trust root written as PEM to a file (as {@code --trust-root}). */
  public Path trustRootPem() throws Exception {
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(lastAgent.devTrustRoot().getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    return Files.writeString(dir.resolve("dev-root.pem"), pem);
  }

  /** The simulator agent socket of the instance started as {@code name}. */
  public Path agentSocket(String name) {
    SimAgent a = agentsByName.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no instance named " + name);
    }
    return a.socket();
  }

  /** The simulators' INSECURE dev trust root (after the first {@link #instance}). */
  public X509Certificate devTrustRoot() {
    return lastAgent.devTrustRoot();
  }

  /** Trusted time of the instances: the latest block's timestamp, as of the last move. */
  public Clock clock() {
    return clock;
  }

  /** The chain's JSON-RPC URL. */
  public URI rpc() {
    return anvil.uri();
  }

  /** The deployed contract. */
  public Deployment deployment() {
    return dep;
  }

  /** Deploys another {@code UpgradeOperator} (same owner and guardian) on the same chain. */
  public Deployment deployAnother() throws Exception {
    return owner.deploy(key(Anvil.KEY_0).address(), key(Anvil.KEY_1).address(), DELAY);
  }

  /** The guardian revokes {@code id}. */
  public void revoke(MeasurementId id) throws Exception {
    guardian.revoke(dep.contract(), id);
    advance(1);
  }

  /** Moves chain time (and trusted time) forward by {@code seconds} and mines a block. */
  public void advance(long seconds) {
    if (seconds > 0) {
      anvil.increaseTime(seconds);
    }
    anvil.mine();
    clock.set(Instant.ofEpochSecond(anvil.latestTimestamp()));
  }

  private static SigningKey key(String hex) {
    try {
      return SigningKey.fromHex(hex);
    } catch (ReplicatoorException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable a : agents.reversed()) {
      a.close();
    }
    owner.close();
    guardian.close();
    anvil.close();
  }
}
