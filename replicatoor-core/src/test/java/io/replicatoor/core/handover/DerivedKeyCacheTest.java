package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.core.state.KeyAlgorithm;
import io.replicatoor.core.state.KeyDerivation;
import io.replicatoor.core.state.ReplicatedState;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The serving state's key cache: same answers as derivation, copies out, bounded, zeroed. */
class DerivedKeyCacheTest {
  private final ReplicatedState state = ReplicatedState.generate(new SecureRandom());

  private static byte[] key(DerivedKey d) {
    return d.key().reveal(SecretAccess.insecure());
  }

  @Test
  void derive_twice_sameAnswerAsKeyDerivation_inDistinctCopies() throws Exception {
    DerivedKeyCache c = new DerivedKeyCache(state, 8);
    DerivedKey direct = KeyDerivation.derive(state, "wallet/0", "signing", KeyAlgorithm.SECP256K1);

    DerivedKey first = c.derive("wallet/0", "signing", KeyAlgorithm.SECP256K1);
    DerivedKey second = c.derive("wallet/0", "signing", KeyAlgorithm.SECP256K1);

    assertThat(c.size()).isEqualTo(1);
    for (DerivedKey d : new DerivedKey[] {first, second}) {
      assertThat(key(d)).isEqualTo(key(direct));
      assertThat(d.publicKey()).isEqualTo(direct.publicKey());
      assertThat(d.address()).isEqualTo(direct.address());
      assertThat(d.signature()).isEqualTo(direct.signature());
      assertThat(d.statePublicKey()).isEqualTo(direct.statePublicKey());
    }
    assertThat(second.key()).isNotSameAs(first.key());
  }

  @Test
  void derive_callerDestroysItsAnswer_nextAnswerIntact() throws Exception {
    DerivedKeyCache c = new DerivedKeyCache(state, 8);
    DerivedKey first = c.derive("p", "u", KeyAlgorithm.ED25519);
    byte[] expected = key(first);

    first.key().destroy();
    DerivedKey second = c.derive("p", "u", KeyAlgorithm.ED25519);

    assertThat(key(second)).isEqualTo(expected);
  }

  @Test
  void derive_algorithmPurposeAndPathAreAllPartOfTheKey() throws Exception {
    DerivedKeyCache c = new DerivedKeyCache(state, 8);
    byte[] a = key(c.derive("p", "u", KeyAlgorithm.RAW));

    assertThat(key(c.derive("p", "u", KeyAlgorithm.ED25519))).isNotEqualTo(a);
    assertThat(key(c.derive("p", "v", KeyAlgorithm.RAW))).isNotEqualTo(a);
    assertThat(key(c.derive("q", "u", KeyAlgorithm.RAW))).isNotEqualTo(a);
    assertThat(key(c.derive("p", "u", KeyAlgorithm.RAW))).isEqualTo(a);
    assertThat(c.size()).isEqualTo(4);
  }

  @Test
  void derive_beyondCapacity_notCached_butStillCorrect() throws Exception {
    DerivedKeyCache c = new DerivedKeyCache(state, 2);
    c.derive("a", "u", KeyAlgorithm.RAW);
    c.derive("b", "u", KeyAlgorithm.RAW);

    DerivedKey third = c.derive("c", "u", KeyAlgorithm.RAW);

    assertThat(c.size()).isEqualTo(2);
    assertThat(key(third)).isEqualTo(key(KeyDerivation.derive(state, "c", "u", KeyAlgorithm.RAW)));
  }

  @Test
  void destroy_zeroesEveryCachedKey_andLaterLookupsThrow() throws Exception {
    DerivedKeyCache c = new DerivedKeyCache(state, 8);
    c.derive("a", "u", KeyAlgorithm.SECP256K1);
    c.derive("b", "u", KeyAlgorithm.RAW);
    var cached = c.entriesForTest();
    assertThat(cached).hasSize(2).allSatisfy(d -> assertThat(d.key().isDestroyed()).isFalse());

    c.destroy();

    assertThat(cached).allSatisfy(d -> assertThat(d.key().isDestroyed()).isTrue());
    assertThat(c.size()).isZero();
    assertThat(c.isDestroyed()).isTrue();
    state.destroy();
    assertThatThrownBy(() -> c.derive("a", "u", KeyAlgorithm.SECP256K1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void serving_destroy_destroysTheCacheThenTheState() throws Exception {
    InstanceState.Serving s = new InstanceState.Serving(state);
    s.keys().derive("a", "u", KeyAlgorithm.RAW);
    var cached = s.keys().entriesForTest();

    s.destroy();

    assertThat(cached).allSatisfy(d -> assertThat(d.key().isDestroyed()).isTrue());
    assertThat(s.keys().isDestroyed()).isTrue();
    assertThatThrownBy(() -> state.encodePlaintext(SecretAccess.insecure()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toString_countsOnly() throws Exception {
    DerivedKeyCache c = new DerivedKeyCache(state, 8);
    DerivedKey d = c.derive("a", "u", KeyAlgorithm.RAW);
    String hex = Hex.encode(key(d));

    assertThat(c.toString()).isEqualTo("DerivedKeyCache[1 of 8]").doesNotContain(hex);
    assertThat(new InstanceState.Serving(state, c).toString()).doesNotContain(hex);
  }
}
