package io.replicatoor.attest.sim;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A running simulator as the {@code simulate} command starts it: dev PKI and collateral in the
 * state folder, one simulated instance of the compose file, served on a Unix socket or a TCP
 * endpoint.
 */
public final class Simulation implements Closeable {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * What to simulate and where to serve it.
   *
   * @param state state folder (dev PKI in {@code pki/}, collateral in {@code collateral/})
   * @param compose the app-compose.json file (its exact bytes are measured)
   * @param image optional image description ({@link ImageConfig#load}); null for the dev image
   * @param appIdHex optional 20-byte app id in hex; null for {@code compose_hash[0..20]}
   * @param socket Unix socket for the current API (and the legacy one when {@code legacySocket} is
   *     null); exclusive with {@code listen}
   * @param listen {@code HOST:PORT} for both APIs over TCP; exclusive with {@code socket}
   * @param legacySocket optional separate Unix socket for the legacy {@code Tappd} API
   */
  public record Options(
      Path state,
      Path compose,
      Path image,
      String appIdHex,
      Path socket,
      String listen,
      Path legacySocket) {}

  /** Where things are, for the operator (no secrets). */
  public record Info(
      List<String> endpoints,
      Path state,
      Path trustRoot,
      Path collateral,
      Instant collateralValidUntil,
      String appId,
      String instanceId,
      String composeHash,
      String rtmr3) {}

  private final SimulatorServer server;
  private final Info info;

  private Simulation(SimulatorServer server, Info info) {
    this.server = server;
    this.info = info;
  }

  /**
   * Sets up the state folder and starts serving.
   *
   * @throws ReplicatoorException {@code USAGE} for contradictory or malformed options, {@code
   *     BAD_REQUEST} for an unreadable compose or image file, {@code NOT_CONFIGURED} for a damaged
   *     state folder; {@code USAGE} as well when a socket is in use or cannot be bound
   */
  public static Simulation start(Options o, Instant now, SecureRandom rng)
      throws IOException, GeneralSecurityException {
    if ((o.socket() == null) == (o.listen() == null)) {
      throw new ReplicatoorException(ErrorCode.USAGE, "give exactly one of --socket or --listen");
    }
    byte[] appId = null;
    if (o.appIdHex() != null) {
      try {
        appId =
            HEX.parseHex(o.appIdHex().startsWith("0x") ? o.appIdHex().substring(2) : o.appIdHex());
      } catch (IllegalArgumentException e) {
        throw new ReplicatoorException(ErrorCode.USAGE, "--app-id: not hex");
      }
      if (appId.length != SimulatedInstance.ID_SIZE) {
        throw new ReplicatoorException(ErrorCode.USAGE, "--app-id: must be 20 bytes");
      }
    }
    byte[] compose;
    try {
      if (Files.size(o.compose()) > SimulatedInstance.MAX_COMPOSE_SIZE) {
        throw new ReplicatoorException(
            ErrorCode.BAD_REQUEST, o.compose() + ": compose file larger than 1 MiB");
      }
      compose = Files.readAllBytes(o.compose());
    } catch (NoSuchFileException e) {
      throw new ReplicatoorException(
          ErrorCode.BAD_REQUEST, "compose file not found: " + o.compose());
    }
    ImageConfig image = o.image() == null ? ImageConfig.defaults() : ImageConfig.load(o.image());

    List<SimulatorServer.Listener> listeners = new ArrayList<>();
    if (o.socket() != null) {
      listeners.add(
          SimulatorServer.Listener.unix(
              o.socket(),
              o.legacySocket() == null
                  ? GuestAgentSimulator.Api.BOTH
                  : GuestAgentSimulator.Api.CURRENT));
    } else {
      listeners.add(
          new SimulatorServer.Listener(
              parseHostPort(o.listen()),
              o.legacySocket() == null
                  ? GuestAgentSimulator.Api.BOTH
                  : GuestAgentSimulator.Api.CURRENT));
    }
    if (o.legacySocket() != null) {
      listeners.add(
          SimulatorServer.Listener.unix(o.legacySocket(), GuestAgentSimulator.Api.LEGACY));
    }

    GuestAgentSimulator.Setup setup =
        GuestAgentSimulator.setUp(o.state(), compose, appId, image, now, rng);
    for (Path socket : new Path[] {o.socket(), o.legacySocket()}) {
      Path parent = socket == null ? null : socket.toAbsolutePath().normalize().getParent();
      if (parent != null && parent.startsWith(o.state().toAbsolutePath().normalize())) {
        Files.createDirectories(parent); // only inside the state folder
      }
    }
    SimulatorServer server;
    try {
      server = SimulatorServer.start(setup.simulator(), listeners);
    } catch (IOException e) {
      throw new ReplicatoorException(ErrorCode.USAGE, "cannot serve: " + e.getMessage());
    }
    List<String> endpoints = new ArrayList<>();
    for (SocketAddress a : server.boundAddresses()) {
      endpoints.add(
          a instanceof UnixDomainSocketAddress u
              ? u.getPath().toString()
              : "http://"
                  + ((InetSocketAddress) a).getHostString()
                  + ":"
                  + ((InetSocketAddress) a).getPort());
    }
    SimulatedInstance inst = setup.simulator().instance();
    Info info =
        new Info(
            List.copyOf(endpoints),
            o.state(),
            setup.pki().rootPemPath(),
            setup.collateral().directory(),
            setup.collateral().validUntil(),
            HEX.formatHex(inst.appId()),
            HEX.formatHex(inst.instanceId()),
            HEX.formatHex(inst.composeHash()),
            HEX.formatHex(inst.measurements().rtmr(3)));
    return new Simulation(server, info);
  }

  static InetSocketAddress parseHostPort(String hostPort) throws ReplicatoorException {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new ReplicatoorException(ErrorCode.USAGE, "--listen: expected HOST:PORT");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new ReplicatoorException(ErrorCode.USAGE, "--listen: invalid port");
    }
    return new InetSocketAddress(host, port);
  }

  public Info info() {
    return info;
  }

  /** Stops serving and deletes the socket files. */
  @Override
  public void close() throws IOException {
    server.close();
  }
}
