package io.replicatoor.core.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class Bytes32Test {
  @Test
  void hexForms_copiesAndEquality() {
    Bytes32 a = Bytes32.fromHex("0x" + "AB".repeat(32));
    assertThat(a.toHex()).isEqualTo("ab".repeat(32));
    assertThat(a.toPrefixedHex()).isEqualTo("0x" + "ab".repeat(32));
    assertThat(a).hasToString("ab".repeat(32));
    assertThat(a)
        .isEqualTo(Bytes32.of(a.toByteArray()))
        .hasSameHashCodeAs(Bytes32.fromHex(a.toHex()));
    byte[] copy = a.toByteArray();
    copy[0] = 0;
    assertThat(a.unsignedByte(0)).isEqualTo(0xab);
    byte[] src = new byte[32];
    Bytes32 b = Bytes32.of(src);
    src[0] = 1;
    assertThat(b).isEqualTo(Bytes32.ZERO);
    assertThat(Bytes32.ZERO.isZero()).isTrue();
  }

  @Test
  void differentTypesWithSameBytes_areNotEqual() {
    byte[] v = new byte[32];
    v[31] = 7;
    assertThat(Bytes32.of(v)).isNotEqualTo(new Other(v)).isNotEqualTo(v);
  }

  @Test
  void malformed_rejectedWithoutEchoingContent() {
    assertThatThrownBy(() -> Bytes32.fromHex("12")).hasMessageContaining("32 bytes, got 1");
    assertThatThrownBy(() -> Bytes32.fromHex("zz" + "00".repeat(31)))
        .hasMessageContaining("non-hex character at offset 0")
        .hasMessageNotContaining("zz");
    assertThatThrownBy(() -> Bytes32.fromHex("0".repeat(63))).hasMessageContaining("odd length");
    assertThatThrownBy(() -> Bytes32.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bytes32.of(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unsignedWords_roundTrip() {
    BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    assertThat(Bytes32.ofUnsigned(max).toHex()).isEqualTo("ff".repeat(32));
    assertThat(Bytes32.ofUnsigned(BigInteger.TWO).toUnsigned()).isEqualTo(BigInteger.TWO);
    assertThat(Bytes32.ofUnsigned(BigInteger.ZERO)).isEqualTo(Bytes32.ZERO);
    assertThatThrownBy(() -> Bytes32.ofUnsigned(max.add(BigInteger.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bytes32.ofUnsigned(BigInteger.ONE.negate()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final class Other extends ImmutableBytes {
    Other(byte[] v) {
      super(v, 32, "Other");
    }
  }
}
