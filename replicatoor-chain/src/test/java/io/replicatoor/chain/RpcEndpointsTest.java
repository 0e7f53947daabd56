package io.replicatoor.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RpcEndpointsTest {
  static final String TEMPLATE = "https://rpc.example.org/v3/{apiKey}";

  @Test
  void withApiKey_validKey_keepsPinnedOrigin() {
    URI u = RpcEndpoints.withApiKey(TEMPLATE, "abc_DEF-123");
    assertThat(u).isEqualTo(URI.create("https://rpc.example.org/v3/abc_DEF-123"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a/b",
        "x@evil.com",
        "a:1",
        "k?x=1",
        "k#frag",
        "a b",
        "a\nb",
        "a;rm -rf",
        "$(id)",
        "`id`",
        "..",
        "%2F",
        "",
        "k\r\nHost: evil"
      })
  void withApiKey_injectionAttempt_rejectedWithoutEcho(String key) {
    assertThatThrownBy(() -> RpcEndpoints.withApiKey(TEMPLATE, key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value not shown");
  }

  @Test
  void withApiKey_tooLongKeyOrBadTemplate_rejected() {
    assertThatThrownBy(() -> RpcEndpoints.withApiKey(TEMPLATE, "a".repeat(129)))
        .hasMessageContaining("API key rejected");
    assertThatThrownBy(() -> RpcEndpoints.withApiKey("https://x.org/", "k"))
        .hasMessageContaining("exactly once");
    assertThatThrownBy(() -> RpcEndpoints.withApiKey("ftp://x.org/{apiKey}", "k"))
        .hasMessageContaining("http(s)");
    assertThatThrownBy(() -> RpcEndpoints.withApiKey("https://u@x.org/{apiKey}", "k"))
        .hasMessageContaining("user info");
  }
}
