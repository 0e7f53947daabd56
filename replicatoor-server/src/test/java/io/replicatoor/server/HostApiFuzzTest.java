package io.replicatoor.server;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.handover.Replicatoor;
import io.replicatoor.server.testing.ServedInstances;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * Coverage-guided fuzzing of the host API's HTTP handlers (Jazzer): each input is one request (raw
 * bytes, or well-formed HTTP with fuzzed method, path, query, content type and body) sent over
 * loopback HTTP to a real {@link ReplicatoorServer} over an instance that holds state; seeds in
 * {@code HostApiFuzzTestInputs}.
 *
 * <p>Contract: no answer is a 5xx; every error answer to a well-formed request is {@code {"error":
 * CODE, "message": ...}} with the code's status; every exchange ends within the deadline; and the
 * server keeps serving ({@code GET /status} answers 200 after every input).
 */
class HostApiFuzzTest {
  private static final List<String> PATHS =
      List.of(
          "/status",
          "/configure",
          "/requestKey",
          "/onboard",
          "/receiveKey",
          "/genesis",
          "/healthz",
          "/metrics");
  private static final byte[] STATUS =
      "GET /status HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  /** One serving instance behind a real server for the whole run. */
  private static final class Server {
    static final InetSocketAddress ADDRESS = start();

    private static InetSocketAddress start() {
      BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1"));
      try {
        Replicatoor r = new TestNet().genesis("fuzz", new SecureRandom());
        ReplicatoorServer s =
            ServedInstances.quietServer(r, ServedInstances.config().refreshInterval());
        return new InetSocketAddress("127.0.0.1", s.port());
      } catch (ReplicatoorException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @FuzzTest(maxDuration = "5s")
  void anyRequest_jsonErrorsNo5xxAndTheServerKeepsServing(FuzzedDataProvider in) {
    // Undertow answers malformed framing with a bare 400: only well-formed requests get JSON.
    HttpFuzzing.assertContract(in, PATHS, Server.ADDRESS, false, STATUS);
  }
}
