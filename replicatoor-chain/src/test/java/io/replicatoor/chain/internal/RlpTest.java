package io.replicatoor.chain.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RlpTest {
  static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource({
    "single byte wrapped as string, 8105, non-canonical single byte",
    "long string form for 1 byte, b80105, long form used",
    "long string form for 55 bytes, b837" + "00" + ", long form used",
    "long list form for empty list, f800, leading zero",
    "long list form for short payload, f80101, long form used",
    "length with leading zero, b90038, leading zero",
    "string past end, 83aabb, needs 3 bytes",
    "list past end, c3aa, runs past the end",
    "nested list past its parent's end, c3c1c180, runs past the end",
    "trailing byte, 80ff, trailing bytes",
    "empty input, '', input ends",
    "length of length too large, bc0102030405, too large",
  })
  void decode_nonCanonicalOrTruncated_proofInvalid(String name, String input, String message) {
    assertThatThrownBy(() -> Rlp.decode(hex(input)))
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.PROOF_INVALID);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void decode_nestingDeeperThanLimit_rejected() throws Exception {
    byte[] deep = new byte[Rlp.MAX_DEPTH + 1];
    for (int i = 0; i < deep.length; i++) {
      deep[i] = (byte) (0xC0 + deep.length - 1 - i);
    }
    assertThatThrownBy(() -> Rlp.decode(deep)).hasMessageContaining("nesting deeper");
    byte[] ok = new byte[Rlp.MAX_DEPTH];
    for (int i = 0; i < ok.length; i++) {
      ok[i] = (byte) (0xC0 + ok.length - 1 - i);
    }
    assertThat(Rlp.decode(ok).isList()).isTrue();
  }

  @Test
  void encodeDecode_yellowPaperExamples_roundTrip() throws Exception {
    // "dog", ["cat","dog"], "", [], 0, 15, 1024, 56-byte string (long form)
    assertThat(Rlp.encodeBytes("dog".getBytes())).isEqualTo(hex("83646f67"));
    byte[] catDog =
        Rlp.encodeList(
            List.of(Rlp.encodeBytes("cat".getBytes()), Rlp.encodeBytes("dog".getBytes())));
    assertThat(catDog).isEqualTo(hex("c88363617483646f67"));
    assertThat(Rlp.encodeBytes(new byte[0])).isEqualTo(hex("80"));
    assertThat(Rlp.encodeList(List.of())).isEqualTo(hex("c0"));
    assertThat(Rlp.encodeUnsigned(BigInteger.ZERO)).isEqualTo(hex("80"));
    assertThat(Rlp.encodeUnsigned(BigInteger.valueOf(15))).isEqualTo(hex("0f"));
    assertThat(Rlp.encodeUnsigned(BigInteger.valueOf(1024))).isEqualTo(hex("820400"));
    byte[] s56 = new byte[56];
    byte[] enc = Rlp.encodeBytes(s56);
    assertThat(enc[0] & 0xFF).isEqualTo(0xB8);
    assertThat(enc[1]).isEqualTo((byte) 56);
    RlpItem list = Rlp.decode(catDog);
    assertThat(list.items()).hasSize(2);
    assertThat(list.items().get(1).bytes()).isEqualTo("dog".getBytes());
    assertThat(list.items().get(0).encoding()).isEqualTo(hex("83636174"));
    assertThat(Rlp.decode(enc).bytes()).isEqualTo(s56);
    assertThat(Rlp.decode(hex("0f")).bytes()).isEqualTo(hex("0f"));
  }
}
