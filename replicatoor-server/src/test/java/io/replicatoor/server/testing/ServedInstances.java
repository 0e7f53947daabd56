package io.replicatoor.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.handover.Replicatoor;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import io.replicatoor.server.HostSettings;
import io.replicatoor.server.JsonLog;
import io.replicatoor.server.ReplicatoorServer;
import io.replicatoor.server.ServerConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real replicatoor servers for a test, each on an ephemeral loopback port and logging nowhere, all
 * stopped after each test: register it with {@code @RegisterExtension final ServedInstances servers
 * = new ServedInstances(refresh);}.
 */
public final class ServedInstances implements AfterEachCallback {
  private final Duration refresh;
  private final List<ReplicatoorServer> started = new ArrayList<>();

  /** Servers that re-read the chain every {@code refresh}. */
  public ServedInstances(Duration refresh) {
    this.refresh = refresh;
  }

  /** An embedded instance and the server in front of it. */
  public record Served(EmbeddedReplicatoor instance, ReplicatoorServer server) {
    /** {@code http://127.0.0.1:PORT} of the server, followed by {@code path}. */
    public String url(String path) {
      return ServedInstances.url(server, path);
    }
  }

  /**
   * The two sides of a hand-over on {@code dev}: A holds the registered genesis state (its
   * fingerprint, hex, taken before it was served) and B waits; both served.
   */
  public record Pair(Served a, Served b, String genesisFingerprint) {
    /** Asserts that A and B derive the same key: B holds A's state. */
    public void assertSameKeys() throws ReplicatoorException {
      ServedInstances.assertSameKeys(a.instance(), b.instance());
    }
  }

  /** Asserts that {@code a} and {@code b} derive the same key: they hold the same state. */
  public static void assertSameKeys(EmbeddedReplicatoor a, EmbeddedReplicatoor b)
      throws ReplicatoorException {
    DerivedKey ka = a.deriveKey("wallet/0", "signing", "secp256k1");
    DerivedKey kb = b.deriveKey("wallet/0", "signing", "secp256k1");
    assertThat(kb.key().equalsSecret(ka.key())).isTrue();
  }

  /** The test servers' settings: loopback, an ephemeral port, 64 KiB bodies, two API key names. */
  public static ServerConfig config() {
    return ServerConfig.defaults()
        .withListener("127.0.0.1", 0)
        .withMaxBodyBytes(64 * 1024)
        .withApiKeyNames(Set.of("ALCHEMY", "INFURA"))
        .withTimes(
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            Duration.ofHours(1));
  }

  /**
   * A server for {@code r} with {@link #config()} that re-reads the chain every {@code refresh} and
   * logs nowhere; the caller stops it.
   */
  public static ReplicatoorServer quietServer(Replicatoor r, Duration refresh) {
    ServerConfig c =
        config()
            .withTimes(
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5), refresh);
    return ReplicatoorServer.start(
        r,
        new HostSettings(c.apiKeyNames()),
        c,
        new JsonLog(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()));
  }

  /** {@code http://127.0.0.1:PORT} of {@code s}, followed by {@code path}. */
  public static String url(ReplicatoorServer s, String path) {
    return "http://127.0.0.1:" + s.port() + path;
  }

  /** Serves {@code r} until the end of the test. */
  public Served serve(EmbeddedReplicatoor r) {
    ReplicatoorServer s = quietServer(r.core(), refresh);
    started.add(s);
    return new Served(r, s);
  }

  /**
   * A ({@code v1} instance {@code a}, holding the registered genesis state) and B ({@code v1}
   * instance {@code b}, waiting) on {@code dev}, both served.
   */
  public Pair genesisAndWaiting(DevNetwork dev) throws Exception {
    EmbeddedReplicatoor a = dev.genesisInstance("v1", "a");
    String genesisFingerprint = a.status().fingerprint().orElseThrow();
    Served servedA = serve(a);
    return new Pair(servedA, serve(dev.instance("v1", "b", true).start()), genesisFingerprint);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    started.forEach(ReplicatoorServer::stop);
    started.clear();
  }
}
