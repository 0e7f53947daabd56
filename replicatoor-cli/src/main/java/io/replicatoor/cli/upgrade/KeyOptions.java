package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.admin.SigningKey;
import io.replicatoor.core.ReplicatoorException;
import picocli.CommandLine.ArgGroup;

/** The signing key of the transaction commands: required, from one source. */
final class KeyOptions extends PasswordEnvOption {
  @ArgGroup(exclusive = true, multiplicity = "1")
  KeySource source;

  SigningKey load() throws ReplicatoorException {
    return source.load(passwordEnv);
  }
}
