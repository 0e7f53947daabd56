package io.replicatoor.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.handover.Replicatoor;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of the guest API's handlers (Jazzer): each input is one request (raw
 * bytes, or well-formed HTTP with fuzzed method, path, query, content type and body) sent over a
 * real Unix socket to {@link GuestApi} on its {@code LocalHttpServer}, over an instance that holds
 * state; seeds in {@code GuestApiFuzzTestInputs}.
 *
 * <p>Contract: no answer is a 5xx; every error answer, even to raw bytes, is {@code {"error": CODE,
 * "message": ...}} with the code's status (the server answers framing errors in JSON too); every
 * exchange ends within the deadline; and the server keeps serving ({@code POST /getkey} answers 200
 * after every input).
 */
class GuestApiFuzzTest {
  private static final List<String> PATHS =
      List.of("/getkey", "/GetKey", "/prpc/GetKey", "/prpc/DstackGuest.GetKey", "/Info", "/");
  private static final byte[] GETKEY;

  static {
    byte[] body =
        "{\"path\":\"wallet/0\",\"purpose\":\"signing\"}".getBytes(StandardCharsets.UTF_8);
    GETKEY =
        ("POST /getkey HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n"
                + new String(body, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.US_ASCII);
  }

  /** One serving instance behind the guest socket for the whole run. */
  private static final class Server {
    static final UnixDomainSocketAddress ADDRESS = start();

    private static UnixDomainSocketAddress start() {
      try {
        Replicatoor r = new TestNet().genesis("fuzz", new SecureRandom());
        Path socket = Files.createTempDirectory("guest-fuzz").resolve("replicatoor.sock");
        new GuestApi(r, Optional.empty()).serve(socket);
        return UnixDomainSocketAddress.of(socket);
      } catch (ReplicatoorException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @FuzzTest(maxDuration = "5s")
  void anyRequest_jsonErrorsNo5xxAndTheServerKeepsServing(FuzzedDataProvider in) {
    // The guest server answers framing errors (raw input) in JSON too.
    HttpFuzzing.assertContract(in, PATHS, Server.ADDRESS, true, GETKEY);
  }
}
