package io.replicatoor.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.net.URI;
import java.util.Optional;
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

  @Test
  void template_keepsNamedPlaceholderInThePath_andResolveFillsTheHostsKey() throws Exception {
    URI t = RpcEndpoints.template("https://eth-mainnet.g.alchemy.com/v2/{apiKey:ALCHEMY}");
    assertThat(RpcEndpoints.keyName(t)).contains("ALCHEMY");
    URI u = RpcEndpoints.resolve(t, name -> Optional.of("abc_DEF-123"));
    assertThat(u).isEqualTo(URI.create("https://eth-mainnet.g.alchemy.com/v2/abc_DEF-123"));
    URI plain = RpcEndpoints.template("http://127.0.0.1:8545");
    assertThat(RpcEndpoints.keyName(plain)).isEmpty();
    assertThat(RpcEndpoints.resolve(plain, RpcApiKeys.none())).isEqualTo(plain);
  }

  @Test
  void resolve_missingOrBadKey_rpcUnavailable_namingTheProvider_neverTheValue() {
    URI t = RpcEndpoints.template("https://rpc.example.org/v3/{apiKey:INFURA}");
    assertThatThrownBy(() -> RpcEndpoints.resolve(t, RpcApiKeys.none()))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.RPC_UNAVAILABLE);
              assertThat(e.getMessage()).contains("RPC_API_KEY_INFURA").contains("rpc.example.org");
            });
    assertThatThrownBy(() -> RpcEndpoints.resolve(t, name -> Optional.of("x@evil.com/..")))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.getMessage()).contains("value not shown").doesNotContain("evil"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://{apiKey:A}.example.org/v2",
        "https://rpc.example.org/v2?key={apiKey:A}",
        "https://rpc.example.org/{apiKey:A}/{apiKey:B}",
        "https://user@rpc.example.org/{apiKey:A}",
        "ftp://rpc.example.org/{apiKey:A}"
      })
  void template_placeholderOutsideThePathOrRepeated_rejected(String text) {
    assertThatThrownBy(() -> RpcEndpoints.template(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
