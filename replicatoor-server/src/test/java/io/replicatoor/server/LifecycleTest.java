package io.replicatoor.server;

import static io.replicatoor.server.Http.code;
import static io.replicatoor.server.Http.get;
import static io.replicatoor.server.Http.json;
import static io.replicatoor.server.Http.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.testing.GatedReader;
import io.replicatoor.server.testing.ServedInstances;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bounded concurrency and graceful shutdown, over real HTTP. */
class LifecycleTest {

  @Test
  void atTheConcurrencyLimit_furtherRequestsGet503Json() throws Exception {
    try (TestNet net = new TestNet()) {
      GatedReader reader = new GatedReader(net.chain.reader(), GatedReader.Gated.HEAD);
      TestNet.Node b =
          net.serve(net.instance("b", reader), ServedInstances.config().withPools(2, 1, 1));
      reader.armed = true;
      CompletableFuture<HttpResponse<String>> slow =
          CompletableFuture.supplyAsync(() -> post(b.url("/requestKey"), null, new byte[0]));
      assertThat(reader.entered.await(10, TimeUnit.SECONDS)).isTrue();
      // One more request fits the queue; the others are refused at once.
      List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        more.add(CompletableFuture.supplyAsync(() -> get(b.url("/healthz"))));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (more.stream().filter(CompletableFuture::isDone).count() < 2
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      List<HttpResponse<String>> refused =
          more.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();
      assertThat(refused).hasSize(2);
      for (HttpResponse<String> r : refused) {
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(code(r)).isEqualTo("SERVER_BUSY");
      }
      assertThat(slow).isNotDone();
      reader.release.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      HttpResponse<String> queued =
          more.stream()
              .filter(f -> !refused.contains(f.getNow(null)))
              .findFirst()
              .orElseThrow()
              .get(10, TimeUnit.SECONDS);
      assertThat(queued.statusCode()).isEqualTo(200);
      assertThat(get(b.url("/status")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void gracefulShutdown_finishesInFlight_refusesNew_thenCloses() throws Exception {
    try (TestNet net = new TestNet()) {
      GatedReader reader = new GatedReader(net.chain.reader(), GatedReader.Gated.HEAD);
      TestNet.Node b = net.serve(net.instance("b", reader), ServedInstances.config());
      reader.armed = true;
      CompletableFuture<HttpResponse<String>> inFlight =
          CompletableFuture.supplyAsync(() -> post(b.url("/requestKey"), null, new byte[0]));
      assertThat(reader.entered.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(b.server::stop);
      HttpResponse<String> refused = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        HttpResponse<String> r = get(b.url("/status"));
        if (r.statusCode() == 503) {
          refused = r;
          break;
        }
        Thread.sleep(20);
      }
      assertThat(refused).as("new requests refused while draining").isNotNull();
      assertThat(code(refused)).isEqualTo("SERVER_BUSY");
      assertThat(json(refused).path("message").asText()).contains("shutting down");
      assertThat(stopping).isNotDone();
      reader.release.countDown();
      HttpResponse<String> done = inFlight.get(10, TimeUnit.SECONDS);
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(json(done).has("pubk")).isTrue();
      stopping.get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> get(b.url("/status"))).isInstanceOf(UncheckedIOException.class);
      assertThat(b.log())
          .contains("\"event\":\"server-stopped\"")
          .contains("\"unfinishedRequests\":0");
    }
  }
}
