package io.replicatoor.core.port;

import io.replicatoor.core.ReplicatoorException;
import java.util.Optional;

/**
 * Atomic storage of the one sealed state blob on the host volume. Implemented by the server or the
 * embedding (temp file, fsync, rename, fsync directory). Core writes only {@link SealedState}
 * (ciphertext), and only when sealing is on; with sealing off it never calls {@link #store}.
 *
 * <p>Contract: {@link #store} replaces the previous blob atomically (a reader sees the old or the
 * new blob, never a mix); {@link #erase} removes it durably.
 */
public interface StateStore {
  /**
   * The stored blob, if any.
   *
   * @throws ReplicatoorException when the store exists but cannot be read
   */
  Optional<SealedState> load() throws ReplicatoorException;

  /**
   * Atomically replaces the stored blob.
   *
   * @throws ReplicatoorException when the write cannot be made durable
   */
  void store(SealedState blob) throws ReplicatoorException;

  /**
   * Removes the stored blob (a losing genesis candidate, a refused sealed state).
   *
   * @throws ReplicatoorException when the removal cannot be made durable
   */
  void erase() throws ReplicatoorException;
}
