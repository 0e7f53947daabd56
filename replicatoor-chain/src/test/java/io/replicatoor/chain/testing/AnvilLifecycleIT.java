package io.replicatoor.chain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.sim.anvil.Anvil;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The anvil wrapper stops anvil when its stdin closes, which is what happens when the JVM dies. */
class AnvilLifecycleIT {
  @Test
  void close_stdinOfWrapperCloses_anvilProcessIsGone() throws Exception {
    Anvil a = Anvil.start();
    assertThat(a.call("eth_chainId").asText()).isEqualTo("0x7a69");
    List<ProcessHandle> children = a.processes();
    assertThat(children).as("anvil under the wrapper").isNotEmpty();
    a.close();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (children.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(children).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void sigkillOfTheJvmThatStartedIt_anvilProcessIsGone() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process jvm =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dreplicatoor.anvil=" + System.getProperty("replicatoor.anvil"),
                AnvilHolder.class.getName())
            .redirectErrorStream(true)
            .start();
    List<ProcessHandle> anvil = new ArrayList<>();
    try (var r = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("PIDS ")) {
          for (String pid : line.substring(5).split(" ")) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(anvil::add);
          }
          break;
        }
      }
      assertThat(anvil).as("wrapper and anvil started by the child JVM").hasSizeGreaterThan(1);
      assertThat(anvil).allMatch(ProcessHandle::isAlive);
      jvm.destroyForcibly(); // SIGKILL: no shutdown hooks, no @AfterAll
      jvm.waitFor();
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (anvil.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(anvil).noneMatch(ProcessHandle::isAlive);
  }
}
