package io.replicatoor.attest.internal;

import io.replicatoor.core.bytes.CappedCollector;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionStage;

/**
 * A JDK {@code HttpClient} body handler that collects at most {@code max} bytes: an announced
 * {@code Content-Length} above the bound fails at once, and a streamed body is cancelled as soon as
 * it passes the bound. The failure is a {@link TooLargeException}, so callers can map it to their
 * own error code.
 */
public final class BoundedBody extends CappedCollector
    implements HttpResponse.BodySubscriber<byte[]> {

  private BoundedBody(int max, String where, HttpResponse.ResponseInfo info) {
    super(
        max,
        () -> new TooLargeException("response body for " + where + " exceeds " + max + " bytes"));
    info.headers().firstValueAsLong("Content-Length").ifPresent(this::checkAnnouncedLength);
  }

  /** A handler whose bodies are bounded by {@code max} bytes; {@code where} names the request. */
  public static HttpResponse.BodyHandler<byte[]> handler(int max, String where) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive");
    }
    return info -> new BoundedBody(max, where, info);
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result();
  }

  /** The body was larger than the bound. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }
}
