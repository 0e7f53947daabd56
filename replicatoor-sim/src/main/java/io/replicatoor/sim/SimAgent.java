package io.replicatoor.sim;

import io.replicatoor.attest.eventlog.EventLog;
import io.replicatoor.attest.eventlog.RtmrReplay;
import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.measure.Measurement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

/**
 * DEVELOPMENT ONLY: the REAL dstack simulator agent of one simulated instance served on a Unix
 * socket, for tests, benchmarks and the local demo. DEVELOPMENT trust root: its quotes verify only
 * under {@link #devTrustRoot()}.
 */
public final class SimAgent implements AutoCloseable {
  private final GuestAgentSimulator.Setup setup;
  private final SimulatorServer server;
  private final Path socket;

  private SimAgent(GuestAgentSimulator.Setup setup, SimulatorServer server, Path socket) {
    this.setup = setup;
    this.server = server;
    this.socket = socket;
  }

  /**
   * A simulated instance of the compose file named {@code name} (its measurement differs per name)
   * of app {@code appId}, sharing the dev PKI in {@code pkiState}, served at {@code dir/NAME.sock}.
   */
  public static SimAgent start(Path pkiState, Path dir, String name, byte[] appId, Instant now)
      throws Exception {
    return start(pkiState, dir, name, name, appId, now);
  }

  /**
   * As {@link #start(Path, Path, String, byte[], Instant)}, serving at {@code dir/SOCKETNAME.sock}
   * an instance of the compose file named {@code name} (several instances of one version).
   */
  public static SimAgent start(
      Path pkiState, Path dir, String socketName, String name, byte[] appId, Instant now)
      throws Exception {
    byte[] compose =
        ("{\"manifest_version\":2,\"name\":\""
                + name
                + "\",\"runner\":\"docker-compose\","
                + "\"docker_compose_file\":\"services:\\n  app:\\n    image: busybox\\n\"}")
            .getBytes(StandardCharsets.UTF_8);
    GuestAgentSimulator.Setup setup =
        GuestAgentSimulator.setUp(
            pkiState,
            compose,
            appId,
            ImageConfig.defaults(),
            Clock.fixed(now, ZoneOffset.UTC),
            new SecureRandom());
    Path sock = dir.resolve(socketName + ".sock");
    SimulatorServer server =
        SimulatorServer.start(
            setup.simulator(),
            List.of(SimulatorServer.Listener.unix(sock, GuestAgentSimulator.Api.CURRENT)));
    return new SimAgent(setup, server, sock);
  }

  /** The agent's Unix socket. */
  public Path socket() {
    return socket;
  }

  /** INSECURE dev root of the simulator's PKI ({@code --trust-root STATE/pki/root.pem}). */
  public X509Certificate devTrustRoot() {
    return setup.pki().rootCertificate();
  }

  /** The folder the simulator wrote its (dev-signed) collateral to. */
  public Path collateral() {
    return setup.collateral().directory();
  }

  /** The simulated instance's app id, lowercase hex. */
  public String appIdHex() {
    return HexFormat.of().formatHex(setup.simulator().instance().appId());
  }

  /** The simulated instance's instance id, lowercase hex. */
  public String instanceIdHex() {
    return HexFormat.of().formatHex(setup.simulator().instance().instanceId());
  }

  /** The event log the agent returns, as JSON array text. */
  public String eventLogJson() {
    return setup.simulator().eventLogJson();
  }

  /** This instance's measurement (what the owner proposes), from a quote and the replayed log. */
  public Measurement measurement(boolean bindOsImageHash) throws Exception {
    Quote q = Quote.parse(setup.simulator().quote(new byte[64]));
    return RtmrReplay.replay(EventLog.parse(setup.simulator().eventLogJson()))
        .measurement(TdRegisters.of(q), bindOsImageHash);
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
