package io.replicatoor.embed;

import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.attest.collateral.fetch.PcsCollateralFetcher;
import io.replicatoor.attest.handover.AgentSealingKeys;
import io.replicatoor.attest.handover.AgentSelfAttestation;
import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.attest.handover.DcapPeerVerifier;
import io.replicatoor.attest.policy.QuotePolicy;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.chain.Address;
import io.replicatoor.chain.ChainReaderConfig;
import io.replicatoor.chain.HighWaterMarks;
import io.replicatoor.chain.RpcApiKeys;
import io.replicatoor.chain.VerifiedApprovalReader;
import io.replicatoor.chain.handover.ChainApprovalReader;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.handover.HandoverConfig;
import io.replicatoor.core.handover.JoinRequest;
import io.replicatoor.core.handover.Replicatoor;
import io.replicatoor.core.handover.SealingMode;
import io.replicatoor.core.handover.StatusView;
import io.replicatoor.core.handover.TransferBundle;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.core.state.EthereumAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * replicatoor embedded in a Java app inside the TD: core's {@link Replicatoor} over the default
 * adapters. Each method is one core call (the server's routes call the same methods).
 *
 * <pre>{@code
 * EmbeddedReplicatoor r = EmbeddedReplicatoor.builder()
 *     .agentSocket(Path.of("/var/run/dstack.sock"))
 *     .chain(8453, List.of(rpc1, rpc2, rpc3), 2)
 *     .contract("0x…", "0x<runtime code hash>")
 *     .dataDir(Path.of("/data/replicatoor"))
 *     .start();
 * DerivedKey k = r.deriveKey("wallet/0", "signing", "secp256k1");
 * }</pre>
 *
 * <p>Data folder: {@code chain/} keeps the reader's high-water marks, {@code collateral/} the PCS
 * collateral cache, {@code state.sealed} the sealed state (only with {@code sealing: kms}). With
 * sealing off only public data is written there.
 */
public final class EmbeddedReplicatoor {
  /** Name of the sealed state file in the data folder. */
  public static final String SEALED_STATE_FILE = "state.sealed";

  /** Folder of the chain reader's high-water marks in the data folder. */
  public static final String CHAIN_DIR = "chain";

  /** Folder of the PCS collateral cache in the data folder. */
  public static final String COLLATERAL_DIR = "collateral";

  /** Default oldest acceptable chain header (worst-case revocation latency). */
  public static final Duration DEFAULT_MAX_HEADER_AGE = Duration.ofMinutes(10);

  private final Replicatoor core;
  private final boolean insecureTrustRoot;

  private EmbeddedReplicatoor(Replicatoor core, boolean insecureTrustRoot) {
    this.core = core;
    this.insecureTrustRoot = insecureTrustRoot;
  }

  /** A builder; see the class comment. */
  public static Builder builder() {
    return new Builder();
  }

  /** The core state machine, for shells that need a call not listed here. */
  public Replicatoor core() {
    return core;
  }

  /** Whether quotes are verified under a custom (development) trust root: never in production. */
  public boolean insecureTrustRoot() {
    return insecureTrustRoot;
  }

  /** An application key ({@code docs/protocol.md} section 7). */
  public DerivedKey deriveKey(String path, String purpose, String algorithm)
      throws ReplicatoorException {
    return core.deriveKey(path, purpose, algorithm);
  }

  /** Public status fields. */
  public StatusView status() {
    return core.status();
  }

  /** {@code /requestKey} on the new instance. */
  public JoinRequest requestKey() throws ReplicatoorException {
    return core.requestKey();
  }

  /** {@code /onboard} on the serving instance, with the join request's JSON. */
  public TransferBundle onboard(byte[] joinRequestJson) throws ReplicatoorException {
    return core.onboard(joinRequestJson);
  }

  /** {@code /onboard} with the original form fields {@code pubk} and {@code quote}. */
  public TransferBundle onboard(String pubk, String quote) throws ReplicatoorException {
    return core.onboard(pubk, quote);
  }

  /** {@code /receiveKey} on the new instance, with the transfer bundle's JSON. */
  public StatusView receiveKey(byte[] bundleJson) throws ReplicatoorException {
    return core.receiveKey(bundleJson);
  }

  /** Genesis: a candidate state and its evidence for {@code register-state}. */
  public GenesisEvidence genesis() throws ReplicatoorException {
    return core.genesis();
  }

  /** Periodic re-check (promotes or wipes a candidate, re-checks the own measurement). */
  public StatusView refresh() throws ReplicatoorException {
    return core.refresh();
  }

  @Override
  public String toString() {
    return "EmbeddedReplicatoor["
        + core.status()
        + (insecureTrustRoot ? ", INSECURE trust root" : "")
        + "]";
  }

  /** Builder over the default adapters. */
  public static final class Builder {
    private GuestAgentClient agent;
    private long chainId;
    private List<URI> rpcEndpoints;
    private int quorum;
    private Address contract;
    private Bytes32 codeHash;
    private Duration maxHeaderAge = DEFAULT_MAX_HEADER_AGE;
    private Path dataDir;
    private X509Certificate devTrustRoot;
    private CollateralSource collateral;
    private URI pcsBase = PcsCollateralFetcher.INTEL_PCS;
    private Supplier<Optional<URI>> pccsOverride = Optional::empty;
    private HttpClient pcsHttpClient;
    private RpcApiKeys rpcApiKeys = RpcApiKeys.none();
    private Duration rpcTimeout = ChainReaderConfig.DEFAULT_REQUEST_TIMEOUT;
    private SealingMode sealing = SealingMode.OFF;
    private Duration maxJoinAge;
    private boolean bindOsImageHash = true;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;

    private Builder() {}

    /** The dstack guest agent on its Unix socket ({@code /var/run/dstack.sock}). */
    public Builder agentSocket(Path socket) {
      this.agent = GuestAgentClient.forUnixSocket(socket);
      return this;
    }

    /** A guest agent client made elsewhere (for example {@link GuestAgentClient#discover()}). */
    public Builder agent(GuestAgentClient client) {
      this.agent = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Chain id, the n RPC endpoints (distinct operators) and k, how many must agree. An endpoint
     * may be a template with {@code {apiKey:NAME}} in its path ({@code RpcEndpoints.template}),
     * filled from {@link #rpcApiKeys} before every request.
     */
    public Builder chain(long chainId, List<URI> rpcEndpoints, int quorum) {
      this.chainId = chainId;
      this.rpcEndpoints = List.copyOf(rpcEndpoints);
      this.quorum = quorum;
      return this;
    }

    /** The {@code UpgradeOperator} address and the keccak256 of its runtime code (hex). */
    public Builder contract(String addressHex, String codeHashHex) {
      this.contract = Address.fromHex(addressHex);
      this.codeHash = Bytes32.fromHex(codeHashHex);
      return this;
    }

    /** Oldest acceptable chain header against trusted time (default 10 minutes). */
    public Builder maxHeaderAge(Duration age) {
      this.maxHeaderAge = Objects.requireNonNull(age, "age");
      return this;
    }

    /** The data folder (high-water marks, collateral cache, sealed state). */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * INSECURE, development only: verify quotes under {@code root} (the simulator's {@code
     * STATE/pki/root.pem}, as {@code --trust-root}) instead of the pinned Intel root. Anyone with
     * the dev root key can forge quotes; status and {@link #insecureTrustRoot()} say so.
     */
    public Builder insecureDevTrustRoot(X509Certificate root) {
      this.devTrustRoot = Objects.requireNonNull(root, "root");
      return this;
    }

    /** Where collateral comes from (default: Intel PCS with a cache in the data folder). */
    public Builder collateral(CollateralSource source) {
      this.collateral = Objects.requireNonNull(source, "source");
      return this;
    }

    /** A PCCS or PCS base URI for the default collateral source. */
    public Builder pcs(URI base) {
      this.pcsBase = Objects.requireNonNull(base, "base");
      return this;
    }

    /**
     * A PCCS base that replaces {@link #pcs} when present, read before every collateral download
     * (the host's {@code PCCS_URL}); collateral is still verified against the trust root.
     */
    public Builder pccsOverride(Supplier<Optional<URI>> override) {
      this.pccsOverride = Objects.requireNonNull(override, "override");
      return this;
    }

    /** The HTTP client of the default collateral source (e.g. trusting a PCCS's private CA). */
    public Builder pcsHttpClient(HttpClient client) {
      this.pcsHttpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /** API keys for endpoint templates, read before every chain request (default none). */
    public Builder rpcApiKeys(RpcApiKeys keys) {
      this.rpcApiKeys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /** One deadline per RPC request: connecting, headers and body (default 10 s). */
    public Builder rpcTimeout(Duration timeout) {
      this.rpcTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** {@code sealing: kms} (opt-in, issue 13) or off (default). */
    public Builder sealing(SealingMode mode) {
      this.sealing = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** How old a join's block anchor may be (default 10 minutes). */
    public Builder maxJoinAge(Duration age) {
      this.maxJoinAge = Objects.requireNonNull(age, "age");
      return this;
    }

    /** Whether measurement ids bind the os-image-hash event (default true). */
    public Builder bindOsImageHash(boolean bind) {
      this.bindOsImageHash = bind;
      return this;
    }

    /** Trusted time (default the system clock). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** Randomness (default a strong {@link SecureRandom}). */
    public Builder random(SecureRandom r) {
      this.random = Objects.requireNonNull(r, "random");
      return this;
    }

    /**
     * Wires the adapters and starts core (self quote, own measurement; with sealing on, resumes a
     * sealed state after re-checking the own measurement on chain).
     *
     * @throws ReplicatoorException when the self check or a sealed state is refused
     */
    public EmbeddedReplicatoor start() throws ReplicatoorException {
      Objects.requireNonNull(agent, "agentSocket");
      Objects.requireNonNull(rpcEndpoints, "chain");
      Objects.requireNonNull(contract, "contract");
      Objects.requireNonNull(dataDir, "dataDir");
      Path data = dataDir.toAbsolutePath();
      ChainReaderConfig defaults =
          ChainReaderConfig.of(chainId, rpcEndpoints, quorum, contract, codeHash, maxHeaderAge);
      ChainReaderConfig chainConfig =
          new ChainReaderConfig(
              chainId,
              rpcEndpoints,
              quorum,
              contract,
              codeHash,
              maxHeaderAge,
              defaults.blockTag(),
              defaults.confirmations(),
              defaults.maxLag(),
              defaults.maxClockSkew(),
              rpcTimeout);
      VerifiedApprovalReader reader =
          VerifiedApprovalReader.create(
              chainConfig, clock, HighWaterMarks.inDirectory(data.resolve(CHAIN_DIR)), rpcApiKeys);
      CollateralSource source = collateral;
      if (source == null) {
        PcsCollateralFetcher.Builder fb =
            PcsCollateralFetcher.builder(pcsBase, data.resolve(COLLATERAL_DIR))
                .clock(clock)
                .baseOverride(pccsOverride);
        if (pcsHttpClient != null) {
          fb.httpClient(pcsHttpClient);
        }
        source = CollateralSource.pcs(fb.build());
      }
      DcapPeerVerifier verifier;
      if (devTrustRoot == null) {
        verifier =
            DcapPeerVerifier.create(
                QuoteVerifier.intelProduction(), QuotePolicy.defaults(), source, bindOsImageHash);
      } else {
        verifier =
            DcapPeerVerifier.insecureDevelopment(
                QuoteVerifier.insecureWithCustomTrustRoot(devTrustRoot),
                QuotePolicy.builder().insecureAllowCustomTrustRoot().build(),
                source,
                bindOsImageHash);
      }
      HandoverConfig config =
          HandoverConfig.of(chainId, EthereumAddress.of(contract.toByteArray()))
              .withSealing(sealing);
      if (maxJoinAge != null) {
        config = config.withMaxJoinAge(maxJoinAge);
      }
      Replicatoor.Builder b =
          Replicatoor.builder()
              .config(config)
              .selfAttestation(new AgentSelfAttestation(agent))
              .peerVerifier(verifier)
              .approvals(new ChainApprovalReader(reader))
              .clock(clock)
              .random(random != null ? random : new SecureRandom());
      if (sealing == SealingMode.KMS) {
        b.stateStore(new FileStateStore(data.resolve(SEALED_STATE_FILE)))
            .sealingKeys(new AgentSealingKeys(agent));
      }
      return new EmbeddedReplicatoor(b.start(), devTrustRoot != null);
    }
  }
}
