package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.admin.SigningKey;
import io.replicatoor.cli.CliEnvironment;
import io.replicatoor.cli.CliFiles;
import io.replicatoor.core.ReplicatoorException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the signing key comes from: exactly one of a key file and an environment variable. */
final class KeySource {
  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description =
          "Ethereum JSON keystore (password from --password-env) or a file with a hex private key")
  Path keyFile;

  @Option(
      names = "--key-env",
      paramLabel = "VAR",
      description = "environment variable holding a hex private key")
  String keyEnv;

  /** Loads the key; {@code passwordEnv} names the keystore password's variable (or null). */
  SigningKey load(String passwordEnv) throws ReplicatoorException {
    Map<String, String> env = CliEnvironment.get();
    if (keyFile != null) {
      CliFiles.requireFile(keyFile, "--key-file");
      return SigningKey.fromFile(keyFile, passwordEnv, env);
    }
    return SigningKey.fromEnv(keyEnv, env);
  }
}
