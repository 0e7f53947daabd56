package io.replicatoor.devnet.crash;

import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.core.handover.SealingMode;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The receiving instance B of the hand-over crash trials, in its own JVM so the parent can SIGKILL
 * it in the middle of {@code receiveKey} (which seals and installs the state). It starts with
 * sealing on, writes its join request to {@code join.json}, waits for {@code bundle.json}, prints
 * {@link Stage#RECEIVING}, calls {@code receiveKey} and prints {@link Stage#RECEIVED}.
 *
 * <pre>
 * ReceiverChild AGENT_SOCKET RPC CONTRACT CODE_HASH DATA_DIR TRUST_ROOT_PEM COLLATERAL_DIR
 *               CHAIN_TIME_EPOCH_MS EXCHANGE_DIR
 * </pre>
 */
public final class ReceiverChild {
  /** The lines the child prints, in this order. */
  enum Stage {
    /** {@code join.json} is written. */
    JOINED,
    /** The bundle was read; {@code receiveKey} comes next. */
    RECEIVING,
    /** {@code receiveKey} returned. */
    RECEIVED;

    /** The line as printed. */
    String line() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The join request, written by the child. */
  static final String JOIN_FILE = "join.json";

  /** The transfer bundle, written (renamed into place) by the parent. */
  static final String BUNDLE_FILE = "bundle.json";

  private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private ReceiverChild() {}

  private static void print(Stage stage) {
    System.out.println(stage.line());
    System.out.flush();
  }

  public static void main(String[] args) throws Exception {
    X509Certificate root;
    try (InputStream in = Files.newInputStream(Path.of(args[5]))) {
      root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    long chainNowMs = Long.parseLong(args[7]);
    Clock clock =
        Clock.offset(
            Clock.systemUTC(), Duration.ofMillis(chainNowMs - Instant.now().toEpochMilli()));
    EmbeddedReplicatoor b =
        EmbeddedReplicatoor.builder()
            .sealing(SealingMode.KMS)
            .agentSocket(Path.of(args[0]))
            .chain(DevNetwork.CHAIN_ID, List.of(URI.create(args[1])), 1)
            .contract(args[2], args[3])
            .maxHeaderAge(Duration.ofHours(1))
            .dataDir(Path.of(args[4]))
            .insecureDevTrustRoot(root)
            .collateral(CollateralSource.directory(Path.of(args[6])))
            .bindOsImageHash(false)
            .clock(clock)
            .start();
    Path exchange = Path.of(args[8]);
    Files.write(exchange.resolve(JOIN_FILE), b.requestKey().encode());
    print(Stage.JOINED);
    Path bundle = exchange.resolve(BUNDLE_FILE);
    while (!Files.exists(bundle)) {
      TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
    }
    byte[] json = Files.readAllBytes(bundle);
    print(Stage.RECEIVING);
    b.receiveKey(json);
    print(Stage.RECEIVED);
  }
}
