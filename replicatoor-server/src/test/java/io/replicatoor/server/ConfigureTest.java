package io.replicatoor.server;

import static io.replicatoor.server.Http.code;
import static io.replicatoor.server.Http.get;
import static io.replicatoor.server.Http.json;
import static io.replicatoor.server.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /configure}: the closed allow-list of host settings, over real HTTP. */
class ConfigureTest {
  private static final String KEY = "k3yValue_0123456789abcdefXYZ";

  private TestNet net;
  private TestNet.Node a;

  @BeforeEach
  void start() throws Exception {
    net = new TestNet();
    a = net.serving("a");
  }

  @AfterEach
  void stop() {
    net.close();
  }

  @Test
  void envFileBody_setsAllowListedKeys_neverEchoesValues() {
    String body =
        "# host settings\nexport RPC_API_KEY_ALCHEMY="
            + KEY
            + "\r\nPCCS_URL=\"https://pccs.example:8081/sgx/certification/v4\"\n\n";
    HttpResponse<String> r = post(a.url("/configure"), "application/x-www-form-urlencoded", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).path("configured").toString())
        .isEqualTo("[\"PCCS_URL\",\"RPC_API_KEY_ALCHEMY\"]");
    assertThat(r.body()).doesNotContain(KEY).doesNotContain("pccs.example");
    assertThat(a.settings.apiKey("ALCHEMY")).hasValue(KEY);
    assertThat(a.settings.pccsUrl().orElseThrow().getHost()).isEqualTo("pccs.example");
    assertThat(a.settings.toString()).doesNotContain(KEY);
    assertThat(get(a.url("/status")).body()).doesNotContain(KEY);
    assertThat(get(a.url("/metrics")).body()).doesNotContain(KEY);
    assertThat(a.log()).doesNotContain(KEY).doesNotContain("pccs.example");
  }

  @Test
  void measuredSettings_refused_andNothingChanges() {
    for (String key :
        new String[] {
          "REPLICATOOR_CHAIN_ID=1",
          "REPLICATOOR_CONTRACT=0x0000000000000000000000000000000000000001",
          "REPLICATOOR_RPC_URLS=https://evil.example",
          "REPLICATOOR_RPC_QUORUM=1",
          "REPLICATOOR_MAX_JOIN_AGE=3600",
          "REPLICATOOR_SEALING=off",
          "ETH_RPC_URL=https://evil.example",
          "CONTRACT_ADDRESS=0x01",
          "CHAIN_ID=1",
          "POLICY=allow-debug",
          "HELIOS_PARAM=x"
        }) {
      HttpResponse<String> r =
          post(a.url("/configure"), "text/plain", "RPC_API_KEY_INFURA=" + KEY + "\n" + key + "\n");
      assertThat(r.statusCode()).as(key).isEqualTo(400);
      assertThat(code(r)).isEqualTo("BAD_REQUEST");
      assertThat(json(r).path("message").asText())
          .contains("measured setting")
          .doesNotContain(key.substring(key.indexOf('=') + 1));
    }
    // all-or-nothing: the allowed key of the same bodies was not set either
    assertThat(a.settings.apiKey("INFURA")).isEmpty();
    assertThat(a.settings.configuredKeys()).isEmpty();
  }

  @Test
  void unknownKeys_andApiKeysOfUndeclaredProviders_refused() {
    for (String body :
        new String[] {"FOO=bar", "RPC_API_KEY_OTHER=" + KEY, "rpc_api_key_alchemy=x"}) {
      HttpResponse<String> r = post(a.url("/configure"), "text/plain", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(json(r).path("message").asText())
          .contains("unknown key")
          .contains("RPC_API_KEY_ALCHEMY");
    }
    assertThat(a.settings.configuredKeys()).isEmpty();
  }

  @Test
  void apiKeysWithUrlOrShellCharacters_refused_valueNotShown() {
    String[] bad = {
      "a/b",
      "a@b",
      "a:b",
      "a?b",
      "a#b",
      "a;b",
      "a b",
      "a$(id)",
      "a`id`",
      "a|nc",
      "a&b",
      "",
      "x".repeat(129),
      "\u00e9t\u00e9"
    };
    for (String v : bad) {
      HttpResponse<String> r =
          post(a.url("/configure"), "text/plain", "RPC_API_KEY_ALCHEMY='" + v + "'\n");
      assertThat(r.statusCode()).as(v).isEqualTo(400);
      assertThat(json(r).path("message").asText()).contains("value not shown");
      if (v.length() > 2) {
        assertThat(r.body()).doesNotContain(v);
      }
    }
    // a value with a newline cannot be smuggled: the next line is a separate (refused) key
    HttpResponse<String> r =
        post(a.url("/configure"), "text/plain", "RPC_API_KEY_ALCHEMY=ok\nREPLICATOOR_RPC_URLS=x");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(a.settings.configuredKeys()).isEmpty();
  }

  @Test
  void pccsUrl_mustBeHttpsWithoutUserInfoOrQuery() {
    for (String v :
        new String[] {
          "http://pccs.example", "https://user:pw@pccs.example", "https://pccs.example/?x=1",
          "file:///etc/passwd", "not a url", "https://"
        }) {
      HttpResponse<String> r = post(a.url("/configure"), "text/plain", "PCCS_URL=" + v);
      assertThat(r.statusCode()).as(v).isEqualTo(400);
      assertThat(json(r).path("message").asText()).contains("PCCS_URL refused");
    }
  }

  @Test
  void listeners_hearAcceptedBodiesOnly() {
    AtomicInteger calls = new AtomicInteger();
    a.settings.onChange(s -> calls.incrementAndGet());
    post(a.url("/configure"), "text/plain", "RPC_API_KEY_ALCHEMY=" + KEY + "\nFOO=1");
    assertThat(calls.get()).isZero();
    post(a.url("/configure"), "text/plain", "RPC_API_KEY_ALCHEMY=" + KEY);
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void malformedEnvFiles_refused() {
    for (String body :
        new String[] {
          "",
          "# only a comment\n",
          "=x",
          "KEY",
          "A-B=1",
          "PCCS_URL='x",
          "RPC_API_KEY_ALCHEMY=a\nRPC_API_KEY_ALCHEMY=b"
        }) {
      HttpResponse<String> r = post(a.url("/configure"), "text/plain", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(code(r)).isEqualTo("BAD_REQUEST");
    }
  }
}
