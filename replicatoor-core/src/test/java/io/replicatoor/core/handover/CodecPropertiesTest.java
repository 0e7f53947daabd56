package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.port.SealedState;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.state.ReplicatedState;
import io.replicatoor.core.state.SealedStateCodec;
import io.replicatoor.core.state.StateFingerprint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Property tests for every message codec: round trip; every truncation and every byte flip is a
 * clean {@link ReplicatoorException} (or, for JSON where a flipped hex digit can still be valid, a
 * cleanly parsed other message), never an exception of another kind.
 */
class CodecPropertiesTest {
  private static final Set<ErrorCode> MESSAGE_CODES =
      Set.of(
          ErrorCode.MESSAGE_MALFORMED,
          ErrorCode.PROTOCOL_VERSION_UNSUPPORTED,
          ErrorCode.STATE_FINGERPRINT_MISMATCH);

  interface Parser<T> {
    T parse(byte[] b) throws ReplicatoorException;
  }

  /** Parses, returning the value, or null after a clean refusal; anything else fails the test. */
  private static <T> T parseCleanly(Parser<T> p, byte[] b, Set<ErrorCode> codes) {
    try {
      return p.parse(b);
    } catch (ReplicatoorException e) {
      assertThat(codes).contains(e.errorCode());
      return null;
    }
  }

  private static <T> void truncationsAndFlips(
      Parser<T> p, byte[] enc, int mask, boolean strict, Set<ErrorCode> codes) {
    for (int n = 0; n < enc.length; n++) {
      assertThat(parseCleanly(p, Arrays.copyOf(enc, n), codes)).as("truncated to %d", n).isNull();
    }
    for (int i = 0; i < enc.length; i++) {
      byte[] t = enc.clone();
      t[i] ^= (byte) mask;
      T v = parseCleanly(p, t, codes);
      if (strict) {
        assertThat(v).as("flip at %d", i).isNull();
      }
    }
  }

  // ---- generators -------------------------------------------------------------------------

  private static Arbitrary<byte[]> bytes(int min, int max) {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max);
  }

  private static Arbitrary<Evidence> evidence() {
    Arbitrary<String> log = Arbitraries.strings().ofMaxLength(40);
    return Combinators.combine(bytes(1, 48), log).as(Evidence::of);
  }

  private static Arbitrary<BlockAnchor> anchor() {
    return Combinators.combine(Arbitraries.longs().greaterOrEqual(0), bytes(32, 32))
        .as((n, h) -> new BlockAnchor(n, Bytes32.of(h)));
  }

  @Provide
  Arbitrary<JoinRequest> joins() {
    return Combinators.combine(bytes(32, 32), evidence(), anchor()).as(JoinRequest::new);
  }

  @Provide
  Arbitrary<TransferBundle> bundles() {
    return Combinators.combine(
            bytes(32, 32),
            anchor(),
            bytes(32, 32),
            bytes(1, 80),
            Arbitraries.longs().greaterOrEqual(0),
            bytes(32, 32),
            Arbitraries.longs().greaterOrEqual(0),
            evidence())
        .as((pk, an, enc, ct, v, fp, sb, ev) ->
            new TransferBundle(pk, an, enc, ct, v, StateFingerprint.of(fp), sb, ev));
  }

  @Provide
  Arbitrary<GenesisEvidence> geneses() {
    return Combinators.combine(
            bytes(32, 32), Arbitraries.longs().greaterOrEqual(1), bytes(20, 20), evidence())
        .as((root, chain, contract, ev) -> {
          ReplicatedState s = ReplicatedState.of(SecretBytes.copyOf(root), 0);
          return new GenesisEvidence(
              chain, EthereumAddress.of(contract), s.fingerprint(), s.identityPublicKey(), ev);
        });
  }

  @Provide
  Arbitrary<ReplicatedState> states() {
    return Combinators.combine(bytes(32, 32), Arbitraries.longs().greaterOrEqual(0))
        .as((root, v) -> ReplicatedState.of(SecretBytes.copyOf(root), v));
  }

  // ---- properties -------------------------------------------------------------------------

  /** {@code value} parses back from {@code enc}; every truncation and flip of it is clean. */
  private static <T> void roundTripAndCleanRefusals(T value, byte[] enc, Parser<T> p, int mask)
      throws ReplicatoorException {
    assertThat(p.parse(enc)).isEqualTo(value);
    truncationsAndFlips(p, enc, mask, false, MESSAGE_CODES);
  }

  @Property(tries = 60)
  void messages_roundTrip_truncationsAndFlipsAreClean(
      @ForAll("joins") JoinRequest j,
      @ForAll("bundles") TransferBundle b,
      @ForAll("geneses") GenesisEvidence g,
      @ForAll @IntRange(min = 1, max = 255) int mask)
      throws Exception {
    roundTripAndCleanRefusals(j, j.encode(), JoinRequest::parse, mask);
    assertThat(JoinRequest.fromFields(j.pubkField(), j.quoteField())).isEqualTo(j);
    byte[] container = Hex.decode(j.quoteField());
    truncationsAndFlips(
        c -> JoinRequest.fromFields(j.pubkField(), Hex.encode(c)),
        container,
        mask,
        false,
        MESSAGE_CODES);
    roundTripAndCleanRefusals(b, b.encode(), TransferBundle::parse, mask);
    roundTripAndCleanRefusals(g, g.encode(), GenesisEvidence::parse, mask);
  }

  @Property(tries = 60)
  void statePlaintext_roundTrip_truncationsAndFlipsAreClean(
      @ForAll("states") ReplicatedState s, @ForAll @IntRange(min = 1, max = 255) int mask)
      throws Exception {
    byte[] enc = s.encodePlaintext(SecretAccess.insecure());
    ReplicatedState back = ReplicatedState.decodePlaintext(enc, ErrorCode.MESSAGE_MALFORMED);
    assertThat(back.fingerprint()).isEqualTo(s.fingerprint());
    assertThat(back.version()).isEqualTo(s.version());
    truncationsAndFlips(
        b -> ReplicatedState.decodePlaintext(b, ErrorCode.MESSAGE_MALFORMED),
        enc,
        mask,
        false,
        Set.of(ErrorCode.MESSAGE_MALFORMED));
  }

  @Property(tries = 30)
  void sealedState_roundTrip_everyTruncationAndFlipRefused(
      @ForAll("states") ReplicatedState s,
      @ForAll("kmsKeys") byte[] kms,
      @ForAll @IntRange(min = 1, max = 255) int mask)
      throws Exception {
    SecretBytes key = SecretBytes.copyOf(kms);
    SealedState blob = SealedStateCodec.seal(s, key);
    assertThat(SealedStateCodec.unseal(blob, key).fingerprint()).isEqualTo(s.fingerprint());
    truncationsAndFlips(
        b -> SealedStateCodec.unseal(SealedState.of(b), key),
        blob.toByteArray(),
        mask,
        true,
        Set.of(ErrorCode.SEALED_STATE_INVALID));
  }

  @Provide
  Arbitrary<byte[]> kmsKeys() {
    return bytes(32, 32);
  }

  @Property(tries = 200)
  void arbitraryBytes_neverThrowAnotherKind(@ForAll("noise") byte[] noise) {
    parseCleanly(JoinRequest::parse, noise, MESSAGE_CODES);
    parseCleanly(TransferBundle::parse, noise, MESSAGE_CODES);
    parseCleanly(GenesisEvidence::parse, noise, MESSAGE_CODES);
  }

  @Provide
  Arbitrary<byte[]> noise() {
    return Arbitraries.oneOf(
        bytes(0, 200),
        Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.of(
                "{}",
                "[]",
                "null",
                "{\"version\":1}",
                "{\"version\":1e400}",
                "{\"version\":-1}",
                "{\"version\":1,\"version\":1}",
                "{\"version\":99999999999999999999999}")
            .map(s -> s.getBytes(StandardCharsets.UTF_8)));
  }
}
