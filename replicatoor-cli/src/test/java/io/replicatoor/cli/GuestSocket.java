package io.replicatoor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.core.ReplicatoorException;
import java.io.IOException;
import java.nio.file.Path;

/** A replicatoor guest socket, called as an app inside the VM calls it. */
final class GuestSocket {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GuestSocket() {}

  /**
   * {@code POST /getkey} on {@code socket} with a JSON object of the string fields {@code
   * namesAndValues} (name, value, name, value, ...), in that order.
   */
  static GuestAgentClient.Forwarded getKey(Path socket, String... namesAndValues)
      throws IOException, ReplicatoorException {
    ObjectNode body = JSON.createObjectNode();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      body.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return GuestAgentClient.forUnixSocket(socket)
        .forward("POST", "/getkey", JSON.writeValueAsBytes(body));
  }
}
