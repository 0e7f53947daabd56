package io.replicatoor.core.testing;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.ApprovalReader;
import io.replicatoor.core.port.ApprovalReading;
import io.replicatoor.core.port.ApprovalStatus;
import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.port.PendingUpgrade;
import io.replicatoor.core.port.PendingUpgrades;
import io.replicatoor.core.state.StateFingerprint;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory model of the chain and the {@code UpgradeOperator} contract with its timelock
 * (activeAt semantics of upgrade-governance.md 3.2), plus per-instance verified readers with a
 * floor. Blocks are mined at the test clock's time.
 */
public final class FakeChain {
  /** The contract's delay. */
  public static final Duration DELAY = Duration.ofHours(48);

  private static final Instant REVOKED = Instant.MAX;

  private final Clock clock;
  private final List<ChainBlock> blocks = new ArrayList<>();
  private final Map<MeasurementId, Instant> activeAt = new HashMap<>();
  private final List<MeasurementId> proposedIds = new ArrayList<>();
  private int maxListed = Integer.MAX_VALUE;
  private StateFingerprint registered;

  /** A chain whose first block is mined now. */
  public FakeChain(Clock clock) {
    this.clock = clock;
    mine();
  }

  /** Mines a block at the clock's current time. */
  public ChainBlock mine() {
    long n = blocks.size();
    ChainBlock b = new ChainBlock(n, blockHash(n, "main"), clock.instant());
    blocks.add(b);
    return b;
  }

  /** The newest block. */
  public ChainBlock head() {
    return blocks.get(blocks.size() - 1);
  }

  /** {@code proposeMeasurement} now: active after {@link #DELAY}. */
  public void propose(MeasurementId id) {
    activeAt.put(id, clock.instant().plus(DELAY));
    proposedIds.add(id);
  }

  /** Readers list only the newest {@code n} entries of the proposal list (then truncated). */
  public void listAtMost(int n) {
    maxListed = n;
  }

  /** A measurement proposed long ago, active now. */
  public void approve(MeasurementId id) {
    activeAt.put(id, clock.instant().minus(DELAY));
    proposedIds.add(id);
  }

  /** {@code revoke}. */
  public void revoke(MeasurementId id) {
    activeAt.put(id, REVOKED);
  }

  /** {@code cancel} / never proposed. */
  public void forget(MeasurementId id) {
    activeAt.remove(id);
  }

  /** {@code registerStateKey} (write-once). */
  public void register(StateFingerprint fp) {
    if (registered != null) {
      throw new IllegalStateException("registerStateKey reverts: already registered");
    }
    registered = fp;
  }

  /** A verified reader of this chain. */
  public Reader reader() {
    return new Reader();
  }

  /** A deterministic block hash for a number on a named fork. */
  public static Bytes32 blockHash(long n, String fork) {
    return Bytes32.of(FakeTee.sha256((fork + ":" + n).getBytes(StandardCharsets.UTF_8)));
  }

  /** One instance's verified reader: floor, optional lag, failure switches. */
  public final class Reader implements ApprovalReader {
    private long floor;
    private int lag;
    private boolean ignoreFloor;
    private ErrorCode failure;

    /** The reader sees the chain {@code blocks} behind its head. */
    public Reader lagging(int blocks) {
      this.lag = blocks;
      return this;
    }

    /** A broken reader that does not honour {@link #raiseFloor}. */
    public Reader ignoringFloor() {
      this.ignoreFloor = true;
      return this;
    }

    /** Every call fails with {@code code} (null: work again). */
    public void failWith(ErrorCode code) {
      this.failure = code;
    }

    /** The current floor. */
    public long floor() {
      return floor;
    }

    private ChainBlock view() throws ReplicatoorException {
      if (failure != null) {
        throw new ReplicatoorException(failure, "fake reader failure");
      }
      int i = Math.max(0, blocks.size() - 1 - lag);
      ChainBlock b = blocks.get(i);
      if (!ignoreFloor && b.number() < floor) {
        throw new ReplicatoorException(ErrorCode.HEADER_STALE, "head below the floor");
      }
      return b;
    }

    @Override
    public ChainBlock head() throws ReplicatoorException {
      return view();
    }

    @Override
    public ApprovalReading read(MeasurementId id) throws ReplicatoorException {
      ChainBlock b = view();
      Instant v = activeAt.get(id);
      ApprovalStatus s;
      if (v == null) {
        s = new ApprovalStatus.Unknown();
      } else if (v.equals(REVOKED)) {
        s = new ApprovalStatus.Revoked();
      } else if (v.isAfter(b.timestamp())) {
        s = new ApprovalStatus.Pending(v);
      } else {
        s = new ApprovalStatus.Approved(v);
      }
      return new ApprovalReading(id, s, Optional.ofNullable(registered), b);
    }

    @Override
    public Optional<ChainBlock> confirm(long number, Bytes32 hash) throws ReplicatoorException {
      ChainBlock h = view();
      if (number < 0 || number > h.number()) {
        return Optional.empty();
      }
      ChainBlock b = blocks.get((int) number);
      return b.hash().equals(hash) ? Optional.of(b) : Optional.empty();
    }

    @Override
    public PendingUpgrades pendingUpgrades() throws ReplicatoorException {
      ChainBlock b = view();
      int from = Math.max(0, proposedIds.size() - maxListed);
      List<PendingUpgrade> out = new ArrayList<>();
      for (MeasurementId id : proposedIds.subList(from, proposedIds.size())) {
        Instant v = activeAt.get(id);
        boolean listed = out.stream().anyMatch(p -> p.measurementId().equals(id));
        if (v != null && !v.equals(REVOKED) && v.isAfter(b.timestamp()) && !listed) {
          out.add(new PendingUpgrade(id, v));
        }
      }
      return new PendingUpgrades(b, out, from > 0);
    }

    @Override
    public void raiseFloor(long blockNumber) {
      floor = Math.max(floor, blockNumber);
    }
  }
}
