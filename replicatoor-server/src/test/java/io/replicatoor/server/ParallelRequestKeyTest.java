package io.replicatoor.server;

import static io.replicatoor.server.Http.code;
import static io.replicatoor.server.Http.get;
import static io.replicatoor.server.Http.json;
import static io.replicatoor.server.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.ErrorCode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * protocol.md 5.1 "One open join": a waiting instance holds one join at a time. A later {@code
 * /requestKey} replaces the open one (its key is erased); a bundle made for a replaced join is
 * refused with {@code BINDING_MISMATCH} and changes nothing, so the newest join still completes.
 * Concurrent {@code /requestKey} calls are serialised: the last one to run wins. Over real HTTP.
 */
class ParallelRequestKeyTest extends TwoNodeTest {
  private static final String JSON = "application/json";

  private String requestKey() {
    HttpResponse<String> r = post(b.url("/requestKey"), null, new byte[0]);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private String onboard(String join) {
    HttpResponse<String> r = post(a.url("/onboard"), JSON, join);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private HttpResponse<String> receive(String bundle) {
    return post(b.url("/receiveKey"), JSON, bundle);
  }

  @Test
  void secondRequestKey_replacesTheFirst_staleBundleRefused_newestStillCompletes() {
    String first = requestKey();
    String second = requestKey();
    String staleBundle = onboard(first);
    String currentBundle = onboard(second);

    HttpResponse<String> stale = receive(staleBundle);
    assertThat(stale.statusCode()).isEqualTo(ErrorCode.BINDING_MISMATCH.httpStatus());
    assertThat(code(stale)).isEqualTo("BINDING_MISMATCH");
    assertThat(json(get(b.url("/status"))).path("phase").asText()).isEqualTo("JOINING");

    HttpResponse<String> ok = receive(currentBundle);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(json(ok).path("fingerprint").asText())
        .isEqualTo(json(get(a.url("/status"))).path("fingerprint").asText());
  }

  @Test
  void concurrentRequestKeys_distinctJoins_exactlyOneBundleAccepted_othersBindingMismatch()
      throws Exception {
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<String>> answers = new ArrayList<>();
    try {
      List<Callable<String>> calls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        calls.add(this::requestKey);
      }
      answers.addAll(pool.invokeAll(calls));
    } finally {
      pool.shutdown();
    }
    List<String> bundles = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (Future<String> f : answers) {
      String join = f.get();
      keys.add(json(join).path("pubk").asText());
      bundles.add(onboard(join));
    }
    assertThat(keys).hasSize(n);

    int accepted = -1;
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = receive(bundles.get(i));
      if (r.statusCode() == 200) {
        assertThat(accepted).as("a second bundle accepted").isEqualTo(-1);
        accepted = i;
      } else if (accepted < 0) {
        assertThat(code(r)).as(r.body()).isEqualTo("BINDING_MISMATCH");
      } else {
        assertThat(code(r)).as(r.body()).isEqualTo("ALREADY_CONFIGURED");
      }
    }
    assertThat(accepted).as("the newest join's bundle").isNotNegative();
    assertThat(json(get(b.url("/status"))).path("phase").asText()).isEqualTo("SERVING");
  }
}
