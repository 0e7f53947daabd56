package io.replicatoor.sim.anvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the anvil binary comes from: the system property first, then the environment variable. */
class AnvilBinaryTest {

  @TempDir Path dir;

  private Path executable(String name) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  @Test
  void binary_propertySet_propertyWinsOverEnv() throws Exception {
    Path prop = executable("from-property");
    Path env = executable("from-env");

    assertThat(Anvil.binary(prop.toString(), env.toString())).isEqualTo(prop);
  }

  @Test
  void binary_propertyUnsetOrBlank_envUsed() throws Exception {
    Path env = executable("from-env");

    assertThat(Anvil.binary(null, env.toString())).isEqualTo(env);
    assertThat(Anvil.binary(" ", env.toString())).isEqualTo(env);
  }

  @Test
  void binary_neitherSet_messageNamesBothAndHowToInstall() {
    assertThatThrownBy(() -> Anvil.binary(null, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Anvil.PROPERTY)
        .hasMessageContaining(Anvil.ENV)
        .hasMessageContaining("npm ci")
        .hasMessageContaining("contracts/");
  }

  @Test
  void binary_notExecutable_messageNamesThePath() throws Exception {
    Path plain = Files.writeString(dir.resolve("not-executable"), "");

    assertThatThrownBy(() -> Anvil.binary(plain.toString(), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(plain.toString())
        .hasMessageContaining(Anvil.ENV);
  }
}
