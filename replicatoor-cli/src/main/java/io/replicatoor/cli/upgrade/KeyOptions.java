package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.admin.SigningKey;
import io.replicatoor.core.ReplicatoorException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The signing key of the transaction commands: required, from one source. */
final class KeyOptions {
  @ArgGroup(exclusive = true, multiplicity = "1")
  KeySource source;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description = "environment variable holding the keystore password")
  String passwordEnv;

  SigningKey load() throws ReplicatoorException {
    return source.load(passwordEnv);
  }
}
