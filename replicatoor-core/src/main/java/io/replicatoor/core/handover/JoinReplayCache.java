package io.replicatoor.core.handover;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.port.ReportData;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A's memory of answered joins, keyed by the join's REPORTDATA (which commits to B's one-time key
 * and anchor). An entry lives until its anchor is older than the max join age; after that the
 * anchor check alone refuses the join, so forgetting it is safe. Bounded: when full, joins are
 * refused ({@code JOIN_CACHE_FULL}) rather than old entries dropped early.
 */
final class JoinReplayCache {
  private final int capacity;
  private final Map<ReportData, Instant> expiries = new HashMap<>();

  JoinReplayCache(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Records {@code join} as answered until {@code expiresAt}.
   *
   * @throws ReplicatoorException {@code JOIN_REPLAYED} if it was answered before, {@code
   *     JOIN_CACHE_FULL} if no room is left
   */
  void consume(ReportData join, Instant expiresAt, Instant now) throws ReplicatoorException {
    for (Iterator<Instant> it = expiries.values().iterator(); it.hasNext(); ) {
      if (it.next().isBefore(now)) {
        it.remove();
      }
    }
    if (expiries.containsKey(join)) {
      throw new ReplicatoorException(ErrorCode.JOIN_REPLAYED, "this join was already answered");
    }
    if (expiries.size() >= capacity) {
      throw new ReplicatoorException(
          ErrorCode.JOIN_CACHE_FULL, "too many recent joins; retry after the max join age");
    }
    expiries.put(join, expiresAt);
  }

  int size() {
    return expiries.size();
  }
}
