package io.replicatoor.cli.upgrade;

import picocli.CommandLine.Option;

/** {@code --password-env VAR}: the keystore password of a {@code --key-file}, required or not. */
class PasswordEnvOption {
  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description = "environment variable holding the keystore password")
  String passwordEnv;
}
