package io.replicatoor.devnet.crash;

import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.core.handover.SealingMode;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The receiving instance B of the hand-over crash trials, in its own JVM so the parent can SIGKILL
 * it in the middle of {@code receiveKey} (which seals and installs the state). It starts with
 * sealing on, writes its join request to {@code join.json}, waits for {@code bundle.json}, prints
 * {@link #RECEIVING}, calls {@code receiveKey} and prints {@link #RECEIVED}.
 *
 * <pre>
 * ReceiverChild AGENT_SOCKET RPC CONTRACT CODE_HASH DATA_DIR TRUST_ROOT_PEM COLLATERAL_DIR
 *               CHAIN_TIME_EPOCH_MS EXCHANGE_DIR
 * </pre>
 */
public final class ReceiverChild {
  /** Printed after {@code join.json} is written. */
  static final String JOINED = "joined";

  /** Printed when the bundle was read, just before {@code receiveKey}. */
  static final String RECEIVING = "receiving";

  /** Printed after {@code receiveKey} returned. */
  static final String RECEIVED = "received";

  /** The join request, written by the child. */
  static final String JOIN_FILE = "join.json";

  /** The transfer bundle, written (renamed into place) by the parent. */
  static final String BUNDLE_FILE = "bundle.json";

  private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  private ReceiverChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
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
    out.println(JOINED);
    out.flush();
    Path bundle = exchange.resolve(BUNDLE_FILE);
    while (!Files.exists(bundle)) {
      TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
    }
    byte[] json = Files.readAllBytes(bundle);
    out.println(RECEIVING);
    out.flush();
    b.receiveKey(json);
    out.println(RECEIVED);
    out.flush();
  }
}
