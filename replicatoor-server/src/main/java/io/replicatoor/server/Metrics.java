package io.replicatoor.server;

import io.replicatoor.core.handover.Phase;
import io.replicatoor.core.handover.SealingMode;
import io.replicatoor.core.handover.StatusView;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counters and the Prometheus text exposition ({@code GET /metrics}, text format 0.0.4).
 * Only public numbers: phase, versions, block, counts. Label values are route names and status
 * codes the server chose, never caller input.
 */
final class Metrics {
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final LongAdder refreshFailures = new LongAdder();

  /** Counts one answered request. {@code route} is a known route or {@code "other"}. */
  void count(String route, int status, String code) {
    String key = "route=\"" + route + "\",status=\"" + status + "\",code=\"" + code + "\"";
    requests.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  /** Counts a failed periodic refresh. */
  void refreshFailed() {
    refreshFailures.increment();
  }

  /** The exposition text for {@code s}. */
  String render(StatusView s) {
    StringBuilder b = new StringBuilder();
    gauge(b, "replicatoor_up", "1 while the server answers", 1);
    gauge(b, "replicatoor_protocol_version", "hand-over protocol version", s.protocolVersion());
    b.append("# HELP replicatoor_phase the instance's phase (1 for the current one)\n");
    b.append("# TYPE replicatoor_phase gauge\n");
    for (Phase p : Phase.values()) {
      b.append("replicatoor_phase{phase=\"")
          .append(p.name())
          .append("\"} ")
          .append(p == s.phase() ? 1 : 0)
          .append('\n');
    }
    gauge(
        b,
        "replicatoor_serving",
        "1 when the instance serves (see /status reason)",
        s.serving() ? 1 : 0);
    b.append(
        "# HELP replicatoor_not_serving_reason why the instance does not serve (1 for the"
            + " current error code)\n");
    b.append("# TYPE replicatoor_not_serving_reason gauge\n");
    s.reason()
        .ifPresent(why ->
            b.append("replicatoor_not_serving_reason{error=\"")
                .append(why.error().name())
                .append("\"} 1\n"));
    gauge(
        b,
        "replicatoor_holds_state",
        "1 when a state is held",
        s.fingerprint().isPresent() ? 1 : 0);
    s.stateVersion()
        .ifPresent(v -> gauge(b, "replicatoor_state_version", "held state's version", v));
    s.lastVerifiedBlock()
        .ifPresent(
            v -> gauge(b, "replicatoor_last_verified_block", "newest verified block used", v));
    counter(
        b, "replicatoor_peers_onboarded_total", "transfer bundles produced", s.peersOnboarded());
    gauge(
        b,
        "replicatoor_peers_holding_state",
        "peers known to hold the state (onboarded by or onboarding this instance)",
        s.peersKnownToHoldState());
    gauge(
        b,
        "replicatoor_sealing_enabled",
        "1 when the state is sealed with a dstack KMS key",
        s.sealing() == SealingMode.KMS ? 1 : 0);
    s.pendingUpgrades()
        .ifPresent(p -> {
          gauge(
              b,
              "replicatoor_pending_upgrades",
              "measurements proposed and not yet active",
              p.upgrades().size());
          gauge(
              b,
              "replicatoor_pending_upgrades_truncated",
              "1 when the pending list may be incomplete",
              p.truncated() ? 1 : 0);
          p.upgrades().stream()
              .mapToLong(u -> u.activeAt().getEpochSecond())
              .min()
              .ifPresent(t ->
                  gauge(
                      b,
                      "replicatoor_next_upgrade_active_at_seconds",
                      "Unix time the earliest pending upgrade becomes active",
                      t));
        });
    s.collateral()
        .ifPresent(c -> {
          gauge(
              b,
              "replicatoor_collateral_stale",
              "1 when a cached collateral set is used because its refresh failed",
              c.stale() ? 1 : 0);
          gauge(
              b,
              "replicatoor_collateral_expired",
              "1 when no valid collateral set is available (fail closed)",
              c.expired() ? 1 : 0);
          gauge(
              b,
              "replicatoor_collateral_refresh_failing",
              "1 when the last collateral download or use failed",
              c.lastError().isPresent() ? 1 : 0);
          c.fetchedAt()
              .ifPresent(t ->
                  gauge(
                      b,
                      "replicatoor_collateral_fetched_at_seconds",
                      "Unix time the collateral set in use was downloaded",
                      t.getEpochSecond()));
          c.nextUpdate()
              .ifPresent(t ->
                  gauge(
                      b,
                      "replicatoor_collateral_next_update_seconds",
                      "Unix time the collateral set in use expires (earliest nextUpdate)",
                      t.getEpochSecond()));
        });
    counter(
        b,
        "replicatoor_refresh_failures_total",
        "periodic chain re-reads that failed",
        refreshFailures.sum());
    b.append("# HELP replicatoor_http_requests_total answered HTTP requests\n");
    b.append("# TYPE replicatoor_http_requests_total counter\n");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(requests).entrySet()) {
      b.append("replicatoor_http_requests_total{")
          .append(e.getKey())
          .append("} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    return b.toString();
  }

  private static void gauge(StringBuilder b, String name, String help, long v) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" gauge\n");
    b.append(name).append(' ').append(v).append('\n');
  }

  private static void counter(StringBuilder b, String name, String help, long v) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" counter\n");
    b.append(name).append(' ').append(v).append('\n');
  }
}
