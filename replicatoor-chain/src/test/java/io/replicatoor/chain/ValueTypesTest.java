package io.replicatoor.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.crypto.Keccak256;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
  @Test
  void revokedMarker_andAddressForms() {
    // Bytes32 itself is tested in replicatoor-core (Bytes32Test).
    assertThat(Bytes32.ofUnsigned(StorageSlots.REVOKED).toPrefixedHex())
        .isEqualTo("0x" + "ff".repeat(32));
    Address a = Address.fromHex("0x" + "AB".repeat(20));
    assertThat(a).hasToString("0x" + "ab".repeat(20)).isEqualTo(Address.of(a.toByteArray()));
    assertThat(a.toPrefixedHex()).isEqualTo(a.toString());
    assertThatThrownBy(() -> Address.fromHex("0x1234")).hasMessageContaining("20 bytes");
  }

  @Test
  void storageSlots_matchSolidityLayout() {
    Bytes32 id = Bytes32.fromHex("0x" + "11".repeat(32));
    // keccak256(abi.encode(id, uint256(0)))
    assertThat(StorageSlots.activeAt(id))
        .isEqualTo(Bytes32.of(Keccak256.digest(id.toByteArray(), new byte[32])));
    assertThat(StorageSlots.STATE_KEY_FINGERPRINT.toUnsigned()).isEqualTo(BigInteger.ONE);
    BigInteger base =
        new BigInteger(1, Keccak256.digest(Bytes32.ofUnsigned(BigInteger.TWO).toByteArray()));
    assertThat(StorageSlots.proposedId(3).toUnsigned()).isEqualTo(base.add(BigInteger.valueOf(3)));
  }

  @Test
  void chainReaderConfig_invalidSettings_rejected() {
    Address c = Address.ZERO;
    Bytes32 h = Bytes32.ZERO;
    List<URI> two = List.of(URI.create("http://a:1"), URI.create("http://b:1"));
    assertThatThrownBy(() -> ChainReaderConfig.of(31337, two, 3, c, h, Duration.ofHours(1)))
        .hasMessageContaining("quorum");
    assertThatThrownBy(() -> ChainReaderConfig.of(31337, two, 0, c, h, Duration.ofHours(1)))
        .hasMessageContaining("quorum");
    assertThatThrownBy(() -> ChainReaderConfig.of(31337, List.of(), 1, c, h, Duration.ofHours(1)))
        .hasMessageContaining("endpoints");
    assertThatThrownBy(() ->
            ChainReaderConfig.of(
                31337, List.of(URI.create("file:///x")), 1, c, h, Duration.ofHours(1)))
        .hasMessageContaining("scheme");
    assertThatThrownBy(() ->
            ChainReaderConfig.of(
                31337,
                List.of(URI.create("http://a:1"), URI.create("http://a:1")),
                1,
                c,
                h,
                Duration.ofHours(1)))
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> ChainReaderConfig.of(31337, two, 1, c, h, Duration.ZERO))
        .hasMessageContaining("maxAge");
    assertThat(ChainReaderConfig.of(31337, two, 2, c, h, Duration.ofHours(1)).blockTag())
        .isEqualTo("latest");
    assertThatThrownBy(() -> ChainReaderConfig.of(0, two, 1, c, h, Duration.ofHours(1)))
        .hasMessageContaining("chain id");
    assertThatThrownBy(() ->
            new ChainReaderConfig(
                1,
                two,
                1,
                c,
                h,
                Duration.ofHours(1),
                "latest",
                0,
                ChainReaderConfig.MAX_LAG + 1,
                Duration.ZERO,
                Duration.ofSeconds(1)))
        .hasMessageContaining("max lag");
    assertThatThrownBy(() ->
            new ChainReaderConfig(
                1,
                two,
                1,
                c,
                h,
                Duration.ofHours(1),
                "latest",
                0,
                0,
                Duration.ofSeconds(-1),
                Duration.ofSeconds(1)))
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
      assertThatThrownBy(() ->
              ChainReaderConfig.of(31337, same, 2, Address.ZERO, Bytes32.ZERO, Duration.ofHours(1)))
          .as(p[0] + " vs " + p[1])
          .hasMessageContaining("distinct");
    }
    List<URI> different = List.of(URI.create("http://a:1/v1"), URI.create("http://a:1/v2"));
    assertThat(
            ChainReaderConfig.of(
                    31337, different, 2, Address.ZERO, Bytes32.ZERO, Duration.ofHours(1))
                .quorum())
        .isEqualTo(2);
  }
}
