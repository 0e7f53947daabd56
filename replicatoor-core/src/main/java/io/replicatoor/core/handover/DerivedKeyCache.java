package io.replicatoor.core.handover;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.core.state.KeyAlgorithm;
import io.replicatoor.core.state.KeyDerivation;
import io.replicatoor.core.state.ReplicatedState;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys derived from one served state, so the guest key route does not repeat HKDF, the public
 * key and the secp256k1 signature for a (path, purpose, algorithm) it answered before. It lives
 * exactly as long as the {@link InstanceState.Serving} that owns it: the instance destroys it with
 * the state (halt), which zeroes every cached key.
 *
 * <p>Secret hygiene: a cached key never leaves the cache; every answer is a fresh copy the caller
 * owns (and may destroy). Bounded: at most {@code capacity} entries; when full, further keys are
 * derived on every request and not cached (no eviction, so no cached key is destroyed while another
 * thread copies it, except on {@link #destroy()}, after which every read throws {@link
 * IllegalStateException}). Lookups take no lock; only inserting and destroying do.
 */
final class DerivedKeyCache {
  /** Entries per served state. */
  static final int DEFAULT_CAPACITY = 1024;

  private record Key(KeyAlgorithm algorithm, String purpose, String path) {}

  private final ReplicatedState state;
  private final int capacity;
  private final ConcurrentHashMap<Key, DerivedKey> entries = new ConcurrentHashMap<>();
  private boolean destroyed; // guarded by this

  DerivedKeyCache(ReplicatedState state, int capacity) {
    this.state = Objects.requireNonNull(state, "state");
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative");
    }
    this.capacity = capacity;
  }

  /**
   * The key for ({@code path}, {@code purpose}, {@code algorithm}): a copy of the cached one, or
   * derived by {@link KeyDerivation#derive} (and cached while there is room).
   *
   * @throws ReplicatoorException as {@link KeyDerivation#derive}
   * @throws IllegalStateException when this cache or its state was destroyed meanwhile
   */
  DerivedKey derive(String path, String purpose, KeyAlgorithm algorithm)
      throws ReplicatoorException {
    Key k = new Key(algorithm, purpose, path);
    DerivedKey hit = entries.get(k);
    if (hit != null) {
      return copyOf(hit);
    }
    DerivedKey fresh = KeyDerivation.derive(state, path, purpose, algorithm);
    insert(k, fresh);
    return fresh;
  }

  private synchronized void insert(Key k, DerivedKey fresh) {
    if (destroyed || entries.size() >= capacity || entries.containsKey(k)) {
      return;
    }
    entries.put(k, copyOf(fresh));
  }

  /** Cached entries (for tests). */
  int size() {
    return entries.size();
  }

  /** The cached keys themselves (for tests of their destruction). */
  List<DerivedKey> entriesForTest() {
    return List.copyOf(entries.values());
  }

  /** Zeroes and drops every cached key; later lookups throw. Idempotent. */
  synchronized void destroy() {
    destroyed = true;
    for (DerivedKey d : entries.values()) {
      d.key().destroy();
    }
    entries.clear();
  }

  /** Whether {@link #destroy()} ran. */
  synchronized boolean isDestroyed() {
    return destroyed;
  }

  private static DerivedKey copyOf(DerivedKey d) {
    byte[] key = d.key().reveal(SecretAccess.insecure());
    try {
      return new DerivedKey(
          d.algorithm(),
          d.purpose(),
          d.path(),
          SecretBytes.copyOf(key),
          d.publicKey(),
          d.address(),
          d.signature(),
          d.statePublicKey());
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Counts only: never a key. */
  @Override
  public String toString() {
    return "DerivedKeyCache[" + entries.size() + " of " + capacity + "]";
  }
}
