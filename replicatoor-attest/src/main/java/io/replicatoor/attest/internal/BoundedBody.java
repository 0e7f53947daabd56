package io.replicatoor.attest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A JDK {@code HttpClient} body handler that collects at most {@code max} bytes: an announced
 * {@code Content-Length} above the bound fails at once, and a streamed body is cancelled as soon
 * as it passes the bound. The failure is a {@link TooLargeException}, so callers can map it to
 * their own error code.
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final int max;
  private final String where;
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(int max, String where, HttpResponse.ResponseInfo info) {
    this.max = max;
    this.where = where;
    info.headers().firstValueAsLong("Content-Length").ifPresent(len -> {
      if (len > max) {
        result.completeExceptionally(tooLarge());
      }
    });
  }

  /** A handler whose bodies are bounded by {@code max} bytes; {@code where} names the request. */
  public static HttpResponse.BodyHandler<byte[]> handler(int max, String where) {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive");
    }
    return info -> new BoundedBody(max, where, info);
  }

  private TooLargeException tooLarge() {
    return new TooLargeException("response body for " + where + " exceeds " + max + " bytes");
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    this.subscription = s;
    if (result.isDone()) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      if (buf.size() + (long) b.remaining() > max) {
        subscription.cancel();
        result.completeExceptionally(tooLarge());
        return;
      }
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      buf.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(buf.toByteArray());
  }

  /** The body was larger than the bound. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }
}
