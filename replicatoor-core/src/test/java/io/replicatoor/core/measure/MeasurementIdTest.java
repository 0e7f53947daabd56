package io.replicatoor.core.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.crypto.Keccak256;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MeasurementIdTest {
  private static final Measurement ZEROS =
      new Measurement(
          Measurement48.ZERO,
          Measurement48.ZERO,
          Measurement48.ZERO,
          Measurement48.ZERO,
          Bytes32.ZERO,
          Bytes32.ZERO);

  @Test
  void keccak256_isEthereumKeccakNotSha3() {
    assertThat(Keccak256.hash().toHex())
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(Keccak256.hash("abc".getBytes(StandardCharsets.US_ASCII)).toHex())
        .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    assertThat(Keccak256.digest("a".getBytes(StandardCharsets.US_ASCII), "bc".getBytes()))
        .isEqualTo(Keccak256.digest("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void id_isKeccakOfKindAndPackedParts() {
    byte[] pre = new byte[Measurement.ID_PREIMAGE_SIZE];
    pre[0] = MeasurementId.KIND_MEASUREMENT;
    assertThat(ZEROS.idPreimage()).isEqualTo(pre);
    assertThat(ZEROS.measurementId()).isEqualTo(MeasurementId.of(Keccak256.hash(pre)));
    assertThat(MeasurementId.of(ZEROS)).isEqualTo(ZEROS.measurementId());
  }

  @Test
  void everyPreimageByte_isBound() {
    byte[] base = ZEROS.idPreimage();
    MeasurementId id = ZEROS.measurementId();
    for (int i = 0; i < base.length; i++) {
      byte[] flipped = base.clone();
      flipped[i] ^= 1;
      assertThat(MeasurementId.of(Keccak256.hash(flipped))).as("byte %d", i).isNotEqualTo(id);
    }
    byte[] r1 = new byte[48];
    r1[47] = 1;
    Measurement other =
        new Measurement(
            Measurement48.ZERO,
            Measurement48.ZERO,
            Measurement48.of(r1),
            Measurement48.ZERO,
            Bytes32.ZERO,
            Bytes32.ZERO);
    assertThat(other.measurementId()).as("RTMR1 is bound").isNotEqualTo(id);
  }

  @Test
  void deviceKey_usesItsOwnKindByte() {
    Bytes32 device = Bytes32.fromHex("11".repeat(32));
    assertThat(MeasurementId.ofDevice(device))
        .isEqualTo(MeasurementId.of(Keccak256.hash(new byte[] {0x02}, device.toByteArray())));
    assertThat(MeasurementId.ofDevice(device))
        .isNotEqualTo(MeasurementId.of(Keccak256.hash(new byte[] {0x01}, device.toByteArray())));
  }

  @Test
  void fromHex_namesThePartAndChecksWidths() {
    String r = "00".repeat(48);
    String w = "00".repeat(32);
    assertThat(Measurement.fromHex(r, r, r, r, w, null)).isEqualTo(ZEROS);
    assertThat(Measurement.fromHex("0x" + r, r, r, r, "0x" + w, w)).isEqualTo(ZEROS);
    assertThatThrownBy(() -> Measurement.fromHex("00".repeat(47), r, r, r, w, null))
        .hasMessageContaining("mrtd must be 48 bytes");
    assertThatThrownBy(() -> Measurement.fromHex(r, r, r, "00".repeat(49), w, null))
        .hasMessageContaining("rtmr2 must be 48 bytes");
    assertThatThrownBy(() -> Measurement.fromHex(r, r, r, r, "zz", null))
        .hasMessageStartingWith("composeHash: ");
  }

  @Test
  void idValue_isDistinctFromItsWord() {
    MeasurementId id = ZEROS.measurementId();
    assertThat(id.toBytes32().toHex()).isEqualTo(id.toHex());
    assertThat((Object) id.toBytes32()).isNotEqualTo(id);
    assertThat(MeasurementId.fromHex(id.toPrefixedHex())).isEqualTo(id);
  }
}
