package io.replicatoor.attest.agent;

import io.replicatoor.core.ReplicatoorException;

/** One HTTP exchange with a guest agent; implementations bound time and response size. */
sealed interface AgentTransport permits UnixHttpTransport, JdkHttpTransport {

  /** Status code and body of a complete response. */
  record HttpResult(int status, byte[] body) {}

  /**
   * Sends {@code method target} with a JSON body (or none when {@code body} is null) and returns
   * the complete response.
   *
   * @throws ReplicatoorException {@code AGENT_UNAVAILABLE} (cannot connect), {@code AGENT_TIMEOUT}
   *     (deadline passed), {@code AGENT_RESPONSE_INVALID} (not HTTP/1.x, oversized, truncated)
   */
  HttpResult exchange(String method, String target, byte[] body) throws ReplicatoorException;

  /** Where this transport connects (socket path or URL), for messages. */
  String describe();
}
