package io.replicatoor.chain;

import java.util.Optional;

/**
 * The API keys the host supplied for named RPC providers ({@code RPC_API_KEY_<NAME>} through {@code
 * POST /configure}), read on every request so a new key takes effect on the next read. Keys are
 * secrets: an implementation never logs or prints them.
 */
@FunctionalInterface
public interface RpcApiKeys {
  /** The key for provider {@code name} (as in a template's {@code {apiKey:NAME}}), when set. */
  Optional<String> apiKey(String name);

  /** No keys: templates that need one fail with {@code RPC_UNAVAILABLE}. */
  static RpcApiKeys none() {
    return name -> Optional.empty();
  }
}
