package io.replicatoor.core.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class CappedCollectorTest {
  static final class Big extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  static final class Collector extends CappedCollector {
    Collector(int cap) {
      super(cap, Big::new);
    }
  }

  static final class Sub implements Flow.Subscription {
    long requested;
    boolean cancelled;

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private static ByteBuffer buf(int n) {
    return ByteBuffer.wrap(new byte[n]);
  }

  @Test
  void collectsUpToTheCapExactly() throws Exception {
    Collector c = new Collector(5);
    Sub s = new Sub();
    c.onSubscribe(s);
    c.onNext(List.of(buf(2), ByteBuffer.wrap(new byte[] {1, 2, 3})));
    c.onComplete();
    assertThat(s.cancelled).isFalse();
    assertThat(c.result().get()).containsExactly(0, 0, 1, 2, 3);
  }

  @Test
  void oneByteOverTheCapCancelsAndFails() {
    Collector c = new Collector(5);
    Sub s = new Sub();
    c.onSubscribe(s);
    c.onNext(List.of(buf(3)));
    c.onNext(List.of(buf(3)));
    assertThat(s.cancelled).isTrue();
    c.onComplete();
    assertThatThrownBy(() -> c.result().get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(Big.class);
  }

  @Test
  void announcedLengthAboveTheCapFailsBeforeAnyByte() {
    Collector c = new Collector(5);
    c.checkAnnouncedLength(5);
    assertThat(c.result()).isNotDone();
    c.checkAnnouncedLength(6);
    Sub s = new Sub();
    c.onSubscribe(s);
    assertThat(s.cancelled).isTrue();
    assertThat(s.requested).isZero();
    assertThat(c.result()).isCompletedExceptionally();
  }

  @Test
  void upstreamErrorIsPassedOn() {
    Collector c = new Collector(5);
    c.onSubscribe(new Sub());
    c.onError(new IllegalStateException("x"));
    assertThatThrownBy(() -> c.result().get()).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void capMustBePositive() {
    assertThatThrownBy(() -> new Collector(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
