package io.replicatoor.chain;

import io.replicatoor.core.bytes.Bytes32;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Trust-defining configuration of the verified reader. In a TEE it is baked into the measured image
 * (upgrade-governance.md 5.1): the host can never choose endpoints, {@code k}, the contract, its
 * code hash or the freshness bound.
 *
 * @param chainId the chain every endpoint must serve ({@code eth_chainId}, checked on each read)
 * @param endpoints the n JSON-RPC endpoints (distinct operators); their list is fixed by trusted
 *     configuration
 * @param quorum k: how many endpoints must report the same recomputed block hash
 * @param contract the UpgradeOperator address
 * @param codeHash keccak256 of the contract's runtime code (pinned per deployment)
 * @param maxAge oldest acceptable header age against trusted time (worst-case revocation latency)
 * @param blockTag {@code latest}, {@code safe} or {@code finalized}
 * @param confirmations how many blocks behind the tag to read (0 = the tag itself)
 * @param maxLag how many blocks the decision may lie below the highest head any answering endpoint
 *     reports (0 = none); fewer than k liars can move the decision back by at most this many blocks
 *     (upgrade-governance.md §2, "Quorum rule")
 * @param maxClockSkew how far a header's timestamp may lie after trusted time
 * @param requestTimeout one deadline per request: connecting, headers and the whole body
 */
public record ChainReaderConfig(
    long chainId,
    List<URI> endpoints,
    int quorum,
    Address contract,
    Bytes32 codeHash,
    Duration maxAge,
    String blockTag,
    int confirmations,
    int maxLag,
    Duration maxClockSkew,
    Duration requestTimeout) {

  /** Accepted block tags. */
  public static final Set<String> TAGS = Set.of("latest", "safe", "finalized");

  /** Maximum number of endpoints. */
  public static final int MAX_ENDPOINTS = 16;

  /** Largest accepted {@link #maxLag}. */
  public static final int MAX_LAG = 16;

  /** Default {@link #maxClockSkew}. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  /** Default {@link #requestTimeout}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Validates every field. */
  public ChainReaderConfig {
    endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(blockTag, "blockTag");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    if (chainId < 1) {
      throw new IllegalArgumentException("chain id must be positive, got " + chainId);
    }
    if (endpoints.isEmpty() || endpoints.size() > MAX_ENDPOINTS) {
      throw new IllegalArgumentException(
          "need 1.." + MAX_ENDPOINTS + " endpoints, got " + endpoints.size());
    }
    for (URI u : endpoints) {
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException("endpoint scheme must be http or https, with a host");
      }
    }
    // Distinct as servers, not as strings: host case, a trailing dot, the default port, an empty
    // path and a fragment do not change which server answers, and each endpoint is one vote.
    if (endpoints.stream().map(ChainReaderConfig::endpointKey).distinct().count()
        != endpoints.size()) {
      throw new IllegalArgumentException("endpoints must be distinct");
    }
    if (quorum < 1 || quorum > endpoints.size()) {
      throw new IllegalArgumentException(
          "quorum must be between 1 and " + endpoints.size() + ", got " + quorum);
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive");
    }
    if (!TAGS.contains(blockTag)) {
      throw new IllegalArgumentException("blockTag must be one of " + TAGS);
    }
    if (confirmations < 0) {
      throw new IllegalArgumentException("confirmations must be >= 0");
    }
    if (maxLag < 0 || maxLag > MAX_LAG) {
      throw new IllegalArgumentException("max lag must be between 0 and " + MAX_LAG + " blocks");
    }
    if (maxClockSkew.isNegative()) {
      throw new IllegalArgumentException("max clock skew must not be negative");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
  }

  private static String endpointKey(URI u) {
    String host = u.getHost().toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    int port = u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    String query = u.getRawQuery() == null ? "" : "?" + u.getRawQuery();
    return u.getScheme() + "://" + host + ":" + port + path + query;
  }

  /**
   * Defaults: tag {@code latest}, no confirmations, no lag, {@link #DEFAULT_CLOCK_SKEW}, {@link
   * #DEFAULT_REQUEST_TIMEOUT}.
   */
  public static ChainReaderConfig of(
      long chainId,
      List<URI> endpoints,
      int quorum,
      Address contract,
      Bytes32 codeHash,
      Duration maxAge) {
    return new ChainReaderConfig(
        chainId,
        endpoints,
        quorum,
        contract,
        codeHash,
        maxAge,
        "latest",
        0,
        0,
        DEFAULT_CLOCK_SKEW,
        DEFAULT_REQUEST_TIMEOUT);
  }
}
