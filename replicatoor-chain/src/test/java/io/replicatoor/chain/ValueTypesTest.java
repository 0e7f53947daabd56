package io.replicatoor.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.chain.internal.Keccak;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
  @Test
  void bytes32_lengthValueEqualityAndHex() {
    assertThatThrownBy(() -> Bytes32.fromHex("0x" + "00".repeat(31))).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> Bytes32.fromHex("0x" + "zz".repeat(32))).hasMessageContaining("not hex");
    Bytes32 a = Bytes32.fromHex("0x" + "ab".repeat(32));
    assertThat(a).isEqualTo(Bytes32.of(a.bytes())).hasSameHashCodeAs(Bytes32.of(a.bytes()));
    assertThat(a.toString()).isEqualTo("0x" + "ab".repeat(32));
    byte[] copy = a.bytes();
    copy[0] = 0;
    assertThat(a.bytes()[0]).isEqualTo((byte) 0xab);
    assertThat(Bytes32.ofUnsigned(StorageSlots.REVOKED).hex()).isEqualTo("0x" + "ff".repeat(32));
    assertThatThrownBy(() -> Bytes32.ofUnsigned(BigInteger.ONE.shiftLeft(256))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Address.fromHex("0x1234")).hasMessageContaining("20 bytes");
  }

  @Test
  void measurementParts_idIsKeccakOfKindAndPackedParts() {
    byte[] r = new byte[48];
    MeasurementParts p = MeasurementParts.of(r, r, r, r, Bytes32.ZERO, Bytes32.ZERO);
    byte[] pre = new byte[257];
    pre[0] = 1;
    assertThat(p.id()).isEqualTo(Bytes32.of(Keccak.hash(pre)));
    assertThatThrownBy(() -> MeasurementParts.of(new byte[47], r, r, r, Bytes32.ZERO, Bytes32.ZERO))
        .hasMessageContaining("mrtd must be 48 bytes");
    assertThatThrownBy(() -> MeasurementParts.of(r, r, r, new byte[49], Bytes32.ZERO, Bytes32.ZERO))
        .hasMessageContaining("rtmr2 must be 48 bytes");
    byte[] other = r.clone();
    other[47] = 1;
    assertThat(MeasurementParts.of(r, r, other, r, Bytes32.ZERO, Bytes32.ZERO).id()).as("RTMR1 is bound")
        .isNotEqualTo(p.id());
  }

  @Test
  void storageSlots_matchSolidityLayout() {
    Bytes32 id = Bytes32.fromHex("0x" + "11".repeat(32));
    // keccak256(abi.encode(id, uint256(0)))
    assertThat(StorageSlots.activeAt(id)).isEqualTo(Bytes32.of(Keccak.hash(id.bytes(), new byte[32])));
    assertThat(StorageSlots.STATE_KEY_FINGERPRINT.toUnsigned()).isEqualTo(BigInteger.ONE);
    BigInteger base = new BigInteger(1, Keccak.hash(Bytes32.ofUnsigned(BigInteger.TWO).bytes()));
    assertThat(StorageSlots.proposedId(3).toUnsigned()).isEqualTo(base.add(BigInteger.valueOf(3)));
  }

  @Test
  void chainReaderConfig_invalidSettings_rejected() {
    Address c = Address.ZERO;
    Bytes32 h = Bytes32.ZERO;
    List<URI> two = List.of(URI.create("http://a:1"), URI.create("http://b:1"));
    assertThatThrownBy(() -> ChainReaderConfig.of(31337, two, 3, c, h, Duration.ofHours(1))).hasMessageContaining("quorum");
    assertThatThrownBy(() -> ChainReaderConfig.of(31337, two, 0, c, h, Duration.ofHours(1))).hasMessageContaining("quorum");
    assertThatThrownBy(() -> ChainReaderConfig.of(31337, List.of(), 1, c, h, Duration.ofHours(1))).hasMessageContaining("endpoints");
    assertThatThrownBy(() -> ChainReaderConfig.of(31337, List.of(URI.create("file:///x")), 1, c, h, Duration.ofHours(1)))
        .hasMessageContaining("scheme");
    assertThatThrownBy(() -> ChainReaderConfig.of(31337, List.of(URI.create("http://a:1"), URI.create("http://a:1")), 1, c, h,
        Duration.ofHours(1))).hasMessageContaining("distinct");
    assertThatThrownBy(() -> ChainReaderConfig.of(31337, two, 1, c, h, Duration.ZERO)).hasMessageContaining("maxAge");
    assertThat(ChainReaderConfig.of(31337, two, 2, c, h, Duration.ofHours(1)).blockTag()).isEqualTo("latest");
    assertThatThrownBy(() -> ChainReaderConfig.of(0, two, 1, c, h, Duration.ofHours(1)))
        .hasMessageContaining("chain id");
    assertThatThrownBy(() -> new ChainReaderConfig(1, two, 1, c, h, Duration.ofHours(1), "latest", 0,
        ChainReaderConfig.MAX_LAG + 1, Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("max lag");
    assertThatThrownBy(() -> new ChainReaderConfig(1, two, 1, c, h, Duration.ofHours(1), "latest", 0,
        0, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .hasMessageContaining("clock skew");
  }

  @Test
  void chainReaderConfig_sameEndpointSpelledTwoWays_rejectedAsDuplicate() {
    // Each spelling pair names one server; counting it twice would let one operator fill two of
    // the k quorum votes.
    String[][] pairs = {
      {"http://a:1", "http://A:1/"},
      {"https://rpc.example", "https://rpc.example:443/"},
      {"http://rpc.example/v1", "http://RPC.example:80/v1"},
      {"http://rpc.example./v1", "http://rpc.example/v1"},
      {"http://a:1/v1#x", "http://a:1/v1"},
    };
    for (String[] p : pairs) {
      List<URI> same = List.of(URI.create(p[0]), URI.create(p[1]));
      assertThatThrownBy(() -> ChainReaderConfig.of(31337, same, 2, Address.ZERO, Bytes32.ZERO, Duration.ofHours(1)))
          .as(p[0] + " vs " + p[1]).hasMessageContaining("distinct");
    }
    List<URI> different = List.of(URI.create("http://a:1/v1"), URI.create("http://a:1/v2"));
    assertThat(ChainReaderConfig.of(31337, different, 2, Address.ZERO, Bytes32.ZERO, Duration.ofHours(1)).quorum())
        .isEqualTo(2);
  }
}
