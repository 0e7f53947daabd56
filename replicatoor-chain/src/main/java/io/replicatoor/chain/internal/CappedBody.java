package io.replicatoor.chain.internal;

import io.replicatoor.core.bytes.CappedCollector;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionStage;

/**
 * A response body collected into memory up to a cap: the exchange is cancelled as soon as more than
 * {@code cap} bytes arrive, so an endpoint cannot make us buffer an unbounded answer.
 */
final class CappedBody extends CappedCollector implements HttpResponse.BodySubscriber<byte[]> {
  /** The body exceeded the cap. */
  static final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLargeException(int cap) {
      super("response body larger than " + cap + " bytes");
    }
  }

  private CappedBody(int cap) {
    super(cap, () -> new TooLargeException(cap));
  }

  static HttpResponse.BodySubscriber<byte[]> subscriber(int cap) {
    return new CappedBody(cap);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result();
  }
}
