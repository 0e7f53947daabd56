package io.replicatoor.core.testing;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.port.SealedState;
import io.replicatoor.core.port.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An in-memory "host volume" that records every write, for scanning in tests. */
public final class FakeStore implements StateStore {
  private SealedState blob;
  private final List<byte[]> writes = new ArrayList<>();
  private boolean failWrites;

  @Override
  public Optional<SealedState> load() {
    return Optional.ofNullable(blob);
  }

  @Override
  public void store(SealedState b) throws ReplicatoorException {
    if (failWrites) {
      throw new ReplicatoorException(
          ErrorCode.STATE_STORE_UNAVAILABLE,
          "cannot write the sealed state: No space left on device");
    }
    writes.add(b.toByteArray());
    blob = b;
  }

  @Override
  public void erase() {
    blob = null;
  }

  /** Replaces the stored bytes (the host tampering with the volume). */
  public void put(SealedState b) {
    blob = b;
  }

  /** Every blob ever written. */
  public List<byte[]> writes() {
    return writes;
  }

  /** Makes writes fail (or work again). */
  public void failWrites(boolean fail) {
    failWrites = fail;
  }
}
