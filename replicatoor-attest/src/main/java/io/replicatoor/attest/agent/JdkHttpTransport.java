package io.replicatoor.attest.agent;

import io.replicatoor.attest.internal.BoundedBody;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP transport for {@code http(s)://} agent endpoints (simulators, TCP-exposed agents) using the
 * JDK {@link HttpClient}, with one deadline for the whole exchange and a size-limited body.
 */
final class JdkHttpTransport implements AgentTransport {
  private final URI base;
  private final Duration timeout;
  private final int maxResponseBytes;
  private final HttpClient client;

  JdkHttpTransport(URI base, Duration timeout, int maxResponseBytes) {
    this.base = base;
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public String describe() {
    return base.toString();
  }

  @Override
  public HttpResult exchange(String method, String target, byte[] body)
      throws ReplicatoorException {
    String b = base.toString();
    URI uri = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + target);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    if (body != null) {
      req.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      req.method(method, HttpRequest.BodyPublishers.noBody());
    }
    CompletableFuture<HttpResponse<byte[]>> f =
        client.sendAsync(req.build(), BoundedBody.handler(maxResponseBytes, "guest agent"));
    try {
      HttpResponse<byte[]> r = f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return new HttpResult(r.statusCode(), r.body());
    } catch (TimeoutException e) {
      f.cancel(true);
      throw timeout();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplicatoorException(ErrorCode.AGENT_UNAVAILABLE, "interrupted");
    } catch (CancellationException e) {
      throw timeout();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof BoundedBody.TooLargeException) {
        throw UnixHttpTransport.invalid(
            "guest agent response exceeds the limit of " + maxResponseBytes + " bytes");
      }
      if (c instanceof HttpConnectTimeoutException || c instanceof HttpTimeoutException) {
        throw timeout();
      }
      if (c instanceof ConnectException) {
        throw new ReplicatoorException(
            ErrorCode.AGENT_UNAVAILABLE, "cannot connect to the guest agent at " + describe());
      }
      if (c instanceof IOException io
          && io.getMessage() != null
          && io.getMessage().toLowerCase(Locale.ROOT).contains("header")) {
        throw UnixHttpTransport.invalid(
            "guest agent response is not valid HTTP: " + io.getMessage());
      }
      throw new ReplicatoorException(
          ErrorCode.AGENT_UNAVAILABLE,
          "I/O error talking to the guest agent at "
              + describe()
              + ": "
              + (c == null ? e.getMessage() : c.getClass().getSimpleName() + " " + c.getMessage()));
    }
  }

  private ReplicatoorException timeout() {
    return new ReplicatoorException(
        ErrorCode.AGENT_TIMEOUT,
        "guest agent at " + describe() + " did not answer within " + timeout.toMillis() + " ms");
  }
}
