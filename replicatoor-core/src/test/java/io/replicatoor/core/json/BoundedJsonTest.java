package io.replicatoor.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

class BoundedJsonTest {
  private static final JsonLimits SMALL = new JsonLimits(200, 3, 10, 5);
  private static final BoundedJson P = BoundedJson.of(SMALL);

  @Test
  void withinLimits_parses() throws Exception {
    assertThat(P.read("{\"a\":[1,{\"b\":\"0123456789\"}],\"n\":12345}").path("n").asInt())
        .isEqualTo(12345);
    assertThat(P.limits()).isEqualTo(SMALL);
    assertThat(P.maxBytes()).isEqualTo(200);
  }

  @Test
  void everyLimitAndStrictnessRule_isEnforced() {
    String[][] cases = {
      {"{\"a\":\"" + "x".repeat(300) + "\"}", "exceeds the limit 200"},
      {"[[[[1]]]]", "depth"},
      {"{\"a\":\"01234567890\"}", "String value length"},
      {"{\"" + "k".repeat(11) + "\":1}", "Name length"},
      {"{\"a\":123456}", "Number value length"},
      {"{\"a\":1,\"a\":2}", "Duplicate field 'a'"},
      {"{\"a\":1} {\"b\":2}", "Trailing token"},
      {"{\"a\":1} x", "Unrecognized token"},
      {"", "empty document"},
      {"   ", "empty document"},
      {"{\"a\":", "end-of-input"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> P.read(c[0]))
          .as(c[0].length() > 40 ? c[0].substring(0, 40) : c[0])
          .isInstanceOf(JsonProcessingException.class)
          .hasMessageContaining(c[1])
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "Source:"));
    }
  }

  @Test
  void messages_areOneLineWithPosition() {
    assertThatThrownBy(() -> P.read("{\n\"a\":1,\n\"a\":2}"))
        .hasMessageContaining("line 3")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "REDACTED"));
  }

  @Test
  void fieldNames_neverLongerThanJacksonsDefault_evenWithLargeStringLimits() {
    String longName = "{\"" + "k".repeat(50_001) + "\":1}";
    assertThatThrownBy(() -> BoundedJson.of(JsonLimits.JSON_RPC).read(longName))
        .hasMessageContaining("Name length");
    assertThatThrownBy(() -> BoundedJson.of(JsonLimits.COLLATERAL).read(longName))
        .hasMessageContaining("Name length");
  }

  @Test
  void presets_areNamedAndValid() {
    assertThat(JsonLimits.COLLATERAL.maxDocumentBytes()).isEqualTo(1 << 20);
    assertThat(JsonLimits.JSON_RPC.maxDocumentBytes()).isEqualTo(8 << 20);
    assertThat(JsonLimits.document(4096))
        .isEqualTo(
            new JsonLimits(
                4096, JsonLimits.DOCUMENT_DEPTH, 4096, JsonLimits.DOCUMENT_NUMBER_LENGTH));
    assertThatThrownBy(() -> new JsonLimits(0, 1, 1, 1)).hasMessageContaining("maxDocumentBytes");
    assertThatThrownBy(() -> BoundedJson.withMaxBytes(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
