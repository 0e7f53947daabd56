package io.replicatoor.examples.embedded;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.handover.StatusView;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.embed.EmbeddedReplicatoor;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An app inside the TD that embeds replicatoor for its Ethereum wallet key: every instance that
 * holds the replicated state (after genesis or a hand-over) derives the same key, so the app's
 * address survives VM restarts and upgrades.
 */
public final class WalletApp {
  /** The derivation path of the wallet key. */
  public static final String WALLET_PATH = "wallet/0";

  /** The derivation purpose of the wallet key. */
  public static final String WALLET_PURPOSE = "signing";

  private final EmbeddedReplicatoor replicatoor;

  /** An app over {@code replicatoor}. */
  public WalletApp(EmbeddedReplicatoor replicatoor) {
    this.replicatoor = Objects.requireNonNull(replicatoor, "replicatoor");
  }

  /** The wallet's Ethereum address ({@code 0x} and 40 hex digits). */
  public String walletAddress() throws ReplicatoorException {
    DerivedKey k = replicatoor.deriveKey(WALLET_PATH, WALLET_PURPOSE, "secp256k1");
    return "0x" + k.address().orElseThrow().toHex();
  }

  /** Public status (phase, measurement id, fingerprint). */
  public StatusView status() {
    return replicatoor.status();
  }

  /**
   * Runs inside the TD. Configuration (part of the measured image in a real deployment, never
   * host-supplied): {@code REPLICATOOR_RPC} (comma-separated URLs), {@code REPLICATOOR_QUORUM},
   * {@code REPLICATOOR_CHAIN_ID}, {@code REPLICATOOR_CONTRACT}, {@code REPLICATOOR_CODE_HASH},
   * {@code REPLICATOOR_DATA_DIR}; the agent is {@code /var/run/dstack.sock}.
   */
  public static void main(String[] args) throws Exception {
    List<URI> rpc = Arrays.stream(env("REPLICATOOR_RPC").split(",")).map(URI::create).toList();
    EmbeddedReplicatoor r =
        EmbeddedReplicatoor.builder()
            .agentSocket(Path.of("/var/run/dstack.sock"))
            .chain(
                Long.parseLong(env("REPLICATOOR_CHAIN_ID")),
                rpc,
                Integer.parseInt(env("REPLICATOOR_QUORUM")))
            .contract(env("REPLICATOOR_CONTRACT"), env("REPLICATOOR_CODE_HASH"))
            .dataDir(Path.of(env("REPLICATOOR_DATA_DIR")))
            .start();
    WalletApp app = new WalletApp(r);
    System.out.println("status: " + app.status());
    System.out.println("wallet: " + app.walletAddress());
  }

  private static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return v;
  }
}
