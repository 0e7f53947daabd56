package io.replicatoor.core.bytes;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Collects a stream of byte buffers into memory, at most {@code cap} bytes: as soon as one more
 * buffer would pass the cap, the subscription is cancelled and {@link #result()} fails with the
 * caller's own exception. In-memory only (no I/O); the shells' HTTP clients wrap it as their
 * response-body subscriber so an endpoint cannot make them buffer an unbounded answer.
 */
public class CappedCollector implements Flow.Subscriber<List<ByteBuffer>> {
  private final int cap;
  private final Supplier<? extends Throwable> tooLarge;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  /**
   * A collector for at most {@code cap} bytes.
   *
   * @param cap the most bytes accepted, positive
   * @param tooLarge makes the failure {@link #result()} completes with when the cap is passed
   */
  protected CappedCollector(int cap, Supplier<? extends Throwable> tooLarge) {
    if (cap <= 0) {
      throw new IllegalArgumentException("cap must be positive");
    }
    this.cap = cap;
    this.tooLarge = Objects.requireNonNull(tooLarge, "tooLarge");
  }

  /** The most bytes accepted. */
  public final int cap() {
    return cap;
  }

  /** The collected bytes once the stream completes, or the failure. */
  public final CompletableFuture<byte[]> result() {
    return result;
  }

  /**
   * Fails at once, before any byte arrives, when an announced length is above the cap; a later
   * subscription is then cancelled.
   */
  public final void checkAnnouncedLength(long length) {
    if (length > cap) {
      result.completeExceptionally(tooLarge.get());
    }
  }

  @Override
  public final void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (result.isDone()) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public final void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if (bytes.size() + (long) b.remaining() > cap) {
        subscription.cancel();
        result.completeExceptionally(tooLarge.get());
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public final void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public final void onComplete() {
    result.complete(bytes.toByteArray());
  }
}
