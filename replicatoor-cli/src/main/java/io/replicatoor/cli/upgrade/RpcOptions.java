package io.replicatoor.cli.upgrade;

import io.replicatoor.cli.UsageException;
import java.net.URI;
import picocli.CommandLine.Option;

/** The owner's RPC endpoint (trusted by the owner tooling). */
final class RpcOptions {
  @Option(
      names = "--rpc",
      required = true,
      paramLabel = "URL",
      description = "JSON-RPC endpoint (http or https)")
  String rpc;

  URI uri() {
    return uri(rpc);
  }

  /** {@code value} as an http(s) URL given with {@code --rpc}. */
  static URI uri(String value) {
    try {
      URI u = URI.create(value.strip());
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw new UsageException("--rpc must be an http(s) URL, got '" + value + "'");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new UsageException("--rpc is not a URL: '" + value + "'");
    }
  }
}
