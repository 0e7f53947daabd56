package io.replicatoor.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  @Test
  void defaults_port4001_allAddresses() {
    ServerConfig d = ServerConfig.fromEnv(Map.of());
    assertThat(d.port()).isEqualTo(4001);
    assertThat(d.host()).isEqualTo("0.0.0.0");
    assertThat(d.maxBodyBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(d.apiKeyNames()).isEmpty();
  }

  @Test
  void environmentOverrides() {
    ServerConfig c =
        ServerConfig.fromEnv(
            Map.of(
                ServerConfig.ENV_HOST, "127.0.0.1",
                ServerConfig.ENV_PORT, "4100",
                ServerConfig.ENV_MAX_BODY, "65536",
                ServerConfig.ENV_SHUTDOWN_GRACE, "5",
                ServerConfig.ENV_REFRESH, "30",
                ServerConfig.ENV_API_KEY_NAMES, "ALCHEMY, INFURA"));
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(4100);
    assertThat(c.maxBodyBytes()).isEqualTo(65536);
    assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.refreshInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.apiKeyNames()).isEqualTo(Set.of("ALCHEMY", "INFURA"));
  }

  @Test
  void badValues_nameTheVariable() {
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of(ServerConfig.ENV_PORT, "x")))
        .hasMessageContaining(ServerConfig.ENV_PORT);
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of(ServerConfig.ENV_PORT, "70000")))
        .hasMessage("port (REPLICATOOR_HTTP_PORT) must be 0..65535, was 70000");
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of(ServerConfig.ENV_QUEUE, "0")))
        .hasMessageContaining("queueSize (REPLICATOOR_HTTP_QUEUE)");
    assertThatThrownBy(
            () -> ServerConfig.fromEnv(Map.of(ServerConfig.ENV_API_KEY_NAMES, "bad-name")))
        .hasMessageContaining("API key name");
  }

  @Test
  void rangeErrors_carryTheVariableAndTheProblem_forAShellToNameItsFlag() {
    Map<String, String> cases =
        Map.of(
            ServerConfig.ENV_PORT, "-1",
            ServerConfig.ENV_MAX_BODY, "10",
            ServerConfig.ENV_IO_THREADS, "0",
            ServerConfig.ENV_WORKER_THREADS, "257",
            ServerConfig.ENV_MAX_CONCURRENT, "0",
            ServerConfig.ENV_QUEUE, "10001",
            ServerConfig.ENV_IDLE_TIMEOUT, "0",
            ServerConfig.ENV_PARSE_TIMEOUT, "0",
            ServerConfig.ENV_REFRESH, "0",
            ServerConfig.ENV_SHUTDOWN_GRACE, "-1");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of(c.getKey(), c.getValue())))
          .as(c.getKey() + "=" + c.getValue())
          .isInstanceOfSatisfying(
              ServerConfig.InvalidSettingException.class,
              e -> {
                assertThat(e.variable()).isEqualTo(c.getKey());
                assertThat(e.problem()).startsWith("must ");
                assertThat(e.getMessage()).endsWith(e.problem());
              });
    }
    assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of(ServerConfig.ENV_PORT, "x")))
        .isInstanceOfSatisfying(
            ServerConfig.InvalidSettingException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("REPLICATOOR_HTTP_PORT must be a whole number"));
  }
}
