package io.replicatoor.core.testing;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.ApprovalReader;
import io.replicatoor.core.port.ApprovalReading;
import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.port.PendingUpgrades;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Delegates to another reader; while {@link #armed}, one of its calls waits at a gate until {@link
 * #release} (a slow RPC quorum holding whatever lock its caller holds).
 */
public final class GatedReader implements ApprovalReader {
  /** The call that waits at the gate. */
  public enum Gated {
    HEAD,
    READ
  }

  private final ApprovalReader inner;
  private final Gated gated;

  /** Counted down when a call reaches the armed gate. */
  public final CountDownLatch entered = new CountDownLatch(1);

  /** Opens the gate (a forgotten release still opens after a minute). */
  public final CountDownLatch release = new CountDownLatch(1);

  /** Whether the gated call waits. */
  public volatile boolean armed;

  public GatedReader(ApprovalReader inner, Gated gated) {
    this.inner = inner;
    this.gated = gated;
  }

  private void gate(Gated call) {
    if (armed && call == gated) {
      entered.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public ChainBlock head() throws ReplicatoorException {
    gate(Gated.HEAD);
    return inner.head();
  }

  @Override
  public ApprovalReading read(MeasurementId id) throws ReplicatoorException {
    gate(Gated.READ);
    return inner.read(id);
  }

  @Override
  public PendingUpgrades pendingUpgrades() throws ReplicatoorException {
    return inner.pendingUpgrades();
  }

  @Override
  public Optional<ChainBlock> confirm(long number, Bytes32 hash) throws ReplicatoorException {
    return inner.confirm(number, hash);
  }

  @Override
  public void raiseFloor(long blockNumber) throws ReplicatoorException {
    inner.raiseFloor(blockNumber);
  }
}
