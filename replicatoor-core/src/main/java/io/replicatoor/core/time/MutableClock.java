package io.replicatoor.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A settable UTC clock: reads the instant its owner last set. The development network sets it to
 * the latest block's timestamp as the chain moves; tests set and advance it in place of the
 * injected trusted time source. Reads and writes are safe from any thread.
 */
public final class MutableClock extends Clock {
  private volatile Instant now;

  /** A clock that reads {@code now} until it is set or advanced. */
  public MutableClock(Instant now) {
    this.now = now;
  }

  /** Sets the current instant. */
  public void set(Instant t) {
    now = t;
  }

  /** Moves the current instant forward by {@code d}. */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
