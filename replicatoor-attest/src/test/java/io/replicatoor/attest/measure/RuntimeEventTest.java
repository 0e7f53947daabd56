package io.replicatoor.attest.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.bytes.Measurement48;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeEventTest {

  @Test
  void digest_v1AndV2Vectors_matchComputedVectors() {
    JsonNode list = Vectors.json("derived", "computed-vectors.json").get("runtime_event_digests");
    assertThat(list.size()).isGreaterThanOrEqualTo(4);
    for (JsonNode v : list) {
      String name = v.get("event").asText();
      Bytes payload = Bytes.fromHex(v.get("payload_hex").asText());
      RuntimeEvent e1 = RuntimeEvent.v1(name, payload);
      RuntimeEvent e2 = RuntimeEvent.v2(name, payload);
      assertThat(Hex.encode(e1.preimage())).isEqualTo(v.get("v1_preimage_hex").asText());
      assertThat(e1.digest().toHex()).isEqualTo(v.get("v1_sha384").asText());
      assertThat(e2.v2Preimage()).isEqualTo(v.get("v2_preimage").asText());
      assertThat(e2.digest().toHex()).isEqualTo(v.get("v2_sha384").asText());
    }
  }

  @Test
  void replay_mixedV1V2_matchesEveryIntermediateRegister() {
    JsonNode steps = Vectors.json("derived", "computed-vectors.json").get("replay_mixed_v1_v2");
    Measurement48 mr = Measurement48.ZERO;
    List<Measurement48> digests = new ArrayList<>();
    for (JsonNode s : steps) {
      RuntimeEvent e =
          new RuntimeEvent(
              s.get("event").asText(),
              Bytes.fromHex(s.get("payload_hex").asText()),
              s.get("version").asInt());
      assertThat(e.digest().toHex()).isEqualTo(s.get("digest").asText());
      mr = Rtmr.extend(mr, e.digest());
      digests.add(e.digest());
      assertThat(mr.toHex()).isEqualTo(s.get("mr_after").asText());
    }
    assertThat(Rtmr.replay(digests)).isEqualTo(mr);
  }

  @Test
  void v2Preimage_nameNeedingEscapes_isJcsEscaped() {
    RuntimeEvent e = RuntimeEvent.v2("a\"b\\c\n\u0001é", Bytes.fromHex("AB"));
    assertThat(e.v2Preimage())
        .isEqualTo("{\"name\":\"a\\\"b\\\\c\\n\\u0001é\",\"payload\":\"ab\",\"type\":134217729}");
    assertThat(new String(e.preimage(), StandardCharsets.UTF_8)).isEqualTo(e.v2Preimage());
  }

  @Test
  void constructor_loneSurrogateOrBadVersion_throws() {
    assertThatThrownBy(() -> RuntimeEvent.v1("x\uD800", Bytes.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RuntimeEvent("x", Bytes.empty(), 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hex_prefixOddAndBadCharacters_handledPerWireRule() {
    assertThat(Hex.decode("0xAbCd")).containsExactly(0xab, 0xcd);
    assertThat(Hex.decode("0X01")).containsExactly(1);
    assertThat(Hex.decode("")).isEmpty();
    assertThatThrownBy(() -> Hex.decode("abc")).hasMessageContaining("odd length");
    assertThatThrownBy(() -> Hex.decode("zz")).hasMessageContaining("offset 0");
    assertThatThrownBy(() -> Hex.decode("0x0x00")).hasMessageContaining("offset 1");
  }
}
