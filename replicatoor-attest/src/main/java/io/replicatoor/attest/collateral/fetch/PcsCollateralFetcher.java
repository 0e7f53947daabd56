package io.replicatoor.attest.collateral.fetch;

import io.replicatoor.attest.internal.BoundedBody;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Fetches TCB info, QE identity, the PCK CRL and the Root CA CRL for one (TEE, FMSPC, PCK CA,
 * update channel) from an Intel PCS or a PCCS and caches them on disk in the PCS folder form.
 *
 * <p>This runs outside the verification step: nothing here decides trust. The files are kept as the
 * exact bytes served (the signed JSON is never re-serialised), and the verifier later checks every
 * signature. What the fetcher does enforce is freshness bookkeeping: a per-(TEE, FMSPC) high-water
 * mark of {@code tcbEvaluationDataNumber} that refuses rollbacks by a stale or hostile PCCS
 * (tdx-quote-verification.md 3.7; threat model P7).
 */
public final class PcsCollateralFetcher {
  /** Intel's Provisioning Certification Service. */
  public static final URI INTEL_PCS = URI.create("https://api.trustedservices.intel.com");

  /** Where Intel publishes the Root CA CRL in DER (3.2). */
  public static final URI INTEL_ROOT_CA_CRL =
      URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");

  // Response headers carrying URL-encoded PEM issuer chains (3.2).
  static final String HEADER_PCK_CRL_CHAIN = "SGX-PCK-CRL-Issuer-Chain";
  static final String HEADER_TCB_INFO_CHAIN = "TCB-Info-Issuer-Chain";
  static final String HEADER_SGX_TCB_INFO_CHAIN = "SGX-TCB-Info-Issuer-Chain";
  static final String HEADER_QE_IDENTITY_CHAIN = "SGX-Enclave-Identity-Issuer-Chain";

  // Paths of the PCS v4 API (3.2); a PCCS serves the same paths under its own base URL.
  static final String PATH_PCK_CRL = "/sgx/certification/v4/pckcrl";
  static final String PATH_ROOT_CA_CRL_PCCS = "/sgx/certification/v4/rootcacrl";
  static final String PATH_TCB_FORMAT = "/%s/certification/v4/tcb";
  static final String PATH_QE_IDENTITY_FORMAT = "/%s/certification/v4/qe/identity";

  /** Default bound on one response body; real bodies are 0.3-16 KB (3.5). */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;

  /** Default bound on a decoded issuer-chain header (two certificates are about 1.9 KB). */
  static final int MAX_CHAIN_HEADER_BYTES = 64 * 1024;

  private final URI base;
  private final Supplier<Optional<URI>> baseOverride;
  private final URI rootCaCrlUri;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final int maxResponseBytes;
  private final CollateralCache cache;
  private final Clock clock;
  private final Duration maxCacheAge;
  private final Duration refreshBeforeNextUpdate;

  private PcsCollateralFetcher(Builder b) {
    this.base = b.base;
    this.baseOverride = b.baseOverride;
    this.rootCaCrlUri = b.rootCaCrlUri;
    this.client =
        b.client != null
            ? b.client
            : HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    this.requestTimeout = b.requestTimeout;
    this.maxResponseBytes = b.maxResponseBytes;
    this.cache = new CollateralCache(b.cacheDir);
    this.clock = b.clock;
    this.maxCacheAge = b.maxCacheAge;
    this.refreshBeforeNextUpdate = b.refreshBeforeNextUpdate;
  }

  /** A builder for the PCS or PCCS at {@code baseUri} caching under {@code cacheDir}. */
  public static Builder builder(URI baseUri, Path cacheDir) {
    return new Builder(baseUri, cacheDir);
  }

  /** The Root CA CRL location used. */
  public URI rootCaCrlUri() {
    return rootCaCrlUri != null ? rootCaCrlUri : defaultRootCaCrl(base());
  }

  /**
   * The PCS or PCCS base used for the next download: the override when it has one (the host's
   * {@code PCCS_URL}), else the base given to the builder. Whatever serves the collateral, the
   * verifier checks it against the trust root.
   */
  public URI base() {
    return baseOverride.get().orElse(base);
  }

  /** The clock stamping fetches and judging freshness. */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns the cached set for {@code key} while it is younger than the maximum cache age and not
   * within the refresh margin of its earliest {@code nextUpdate}; otherwise downloads a new one.
   * When that download fails (source down, slow, malformed, rolled back, ...) and the cached set is
   * still valid (its earliest {@code nextUpdate} after the clock), the cached set is returned with
   * {@link FetchedCollateral#refreshError()} set; once it has expired the fetch fails closed with
   * {@code COLLATERAL_EXPIRED} naming the failed refresh.
   */
  public synchronized FetchedCollateral fetch(CollateralKey key) throws CollateralFetchException {
    Objects.requireNonNull(key, "key");
    Instant now = clock.instant();
    Optional<CollateralCache.Entry> entry = cache.current(key);
    if (entry.isEmpty()) {
      return download(key, now);
    }
    CollateralCache.Entry e = entry.get();
    PcsCollateralSet cached = PcsCollateralSet.read(key, e.directory());
    cache.checkHighWaterMarks(key, cached);
    boolean young = now.isBefore(e.fetchedAt().plus(maxCacheAge));
    boolean farFromExpiry = now.isBefore(cached.earliestNextUpdate.minus(refreshBeforeNextUpdate));
    if (young && farFromExpiry) {
      return result(e.directory(), key, cached, e.fetchedAt(), true, Optional.empty());
    }
    try {
      return download(key, now);
    } catch (CollateralFetchException failed) {
      if (now.isBefore(cached.earliestNextUpdate)) {
        return result(
            e.directory(), key, cached, e.fetchedAt(), true, Optional.of(failed.errorCode()));
      }
      throw new CollateralFetchException(
          ErrorCode.COLLATERAL_EXPIRED,
          "cached collateral for "
              + key
              + " expired at "
              + cached.earliestNextUpdate
              + " (now "
              + now
              + ") and its refresh failed: "
              + failed.errorCode()
              + " "
              + failed.getMessage(),
          failed);
    }
  }

  /**
   * {@link #fetch(CollateralKey)} for the key {@code quote} needs (see {@link
   * CollateralKey#forQuote}).
   */
  public FetchedCollateral fetchFor(Quote quote, CollateralKey.UpdateChannel channel)
      throws ReplicatoorException {
    return fetch(CollateralKey.forQuote(quote, channel));
  }

  /** Downloads a new set for {@code key} regardless of the cache. */
  public synchronized FetchedCollateral refresh(CollateralKey key) throws CollateralFetchException {
    Objects.requireNonNull(key, "key");
    return download(key, clock.instant());
  }

  private FetchedCollateral download(CollateralKey key, Instant now)
      throws CollateralFetchException {
    String update =
        key.channel().queryValue() == null ? "" : "&update=" + key.channel().queryValue();
    String tee = key.tee().pathSegment();

    Fetched pck = get(resolve(PATH_PCK_CRL + "?ca=" + key.ca().queryValue() + "&encoding=der"));
    byte[] pckChain = pck.chainHeader(List.of(HEADER_PCK_CRL_CHAIN));
    byte[] pckCrl = derOrHex(pck.body, "PCK CRL");

    Fetched tcb =
        get(resolve(String.format(PATH_TCB_FORMAT, tee) + "?fmspc=" + key.fmspc() + update));
    // Intel PCS v4 names the TDX header TCB-Info-Issuer-Chain and the SGX one SGX-TCB-Info-...;
    // accept either, preferring the one documented for the TEE type.
    List<String> tcbHeaders =
        key.tee() == CollateralKey.Tee.TDX
            ? List.of(HEADER_TCB_INFO_CHAIN, HEADER_SGX_TCB_INFO_CHAIN)
            : List.of(HEADER_SGX_TCB_INFO_CHAIN, HEADER_TCB_INFO_CHAIN);
    byte[] tcbChain = tcb.chainHeader(tcbHeaders);

    String qePath =
        String.format(PATH_QE_IDENTITY_FORMAT, tee)
            + (update.isEmpty() ? "" : "?" + update.substring(1));
    Fetched qe = get(resolve(qePath));
    byte[] qeChain = qe.chainHeader(List.of(HEADER_QE_IDENTITY_CHAIN));

    Fetched root = get(rootCaCrlUri());
    byte[] rootCrl = derOrHex(root.body, "Root CA CRL");

    PcsCollateralSet set =
        new PcsCollateralSet(key, tcb.body, qe.body, tcbChain, qeChain, pckChain, pckCrl, rootCrl);
    // A rollback is reported as such even when the old set has also expired.
    cache.checkHighWaterMarks(key, set);
    if (!now.isBefore(set.earliestNextUpdate)) {
      throw new CollateralFetchException(
          ErrorCode.COLLATERAL_EXPIRED,
          "served collateral for "
              + key
              + " expired at "
              + set.earliestNextUpdate
              + " (now "
              + now
              + ")");
    }
    Path dir = cache.store(key, set, now);
    cache.raiseHighWaterMarks(key, set);
    return result(dir, key, set, now, false, Optional.empty());
  }

  private static FetchedCollateral result(
      Path dir,
      CollateralKey key,
      PcsCollateralSet set,
      Instant fetchedAt,
      boolean fromCache,
      Optional<ErrorCode> refreshError) {
    return new FetchedCollateral(
        dir,
        key,
        set.tcbInfoNumber,
        set.qeIdentityNumber,
        set.earliestNextUpdate,
        fetchedAt,
        fromCache,
        refreshError);
  }

  private URI resolve(String pathAndQuery) {
    String b = base().toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return URI.create(b + pathAndQuery);
  }

  private static URI defaultRootCaCrl(URI base) {
    // Intel's PCS has no rootcacrl endpoint; a PCCS serves one (as hex, 3.2).
    if ("api.trustedservices.intel.com".equalsIgnoreCase(base.getHost())) {
      return INTEL_ROOT_CA_CRL;
    }
    String b = base.toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return URI.create(b + PATH_ROOT_CA_CRL_PCCS);
  }

  /** One GET with a total deadline and a bounded body; any non-200 status is unavailable. */
  private Fetched get(URI uri) throws CollateralFetchException {
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
    String where = uri.getRawPath();
    CompletableFuture<HttpResponse<byte[]>> f =
        client.sendAsync(req, BoundedBody.handler(maxResponseBytes, where));
    HttpResponse<byte[]> r;
    try {
      r = f.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw CollateralFetchException.unavailable(
          "timed out after " + requestTimeout.toMillis() + " ms fetching " + where, e);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw CollateralFetchException.unavailable("interrupted fetching " + where, e);
    } catch (CancellationException e) {
      throw CollateralFetchException.unavailable("cancelled fetching " + where, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof BoundedBody.TooLargeException) {
        throw CollateralFetchException.malformed(c.getMessage(), c);
      }
      if (c instanceof HttpTimeoutException) {
        throw CollateralFetchException.unavailable(
            "timed out after " + requestTimeout.toMillis() + " ms fetching " + where, c);
      }
      throw CollateralFetchException.unavailable(
          "request for "
              + where
              + " failed: "
              + c.getClass().getSimpleName()
              + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"),
          c);
    }
    if (r.statusCode() != 200) {
      throw CollateralFetchException.unavailable("HTTP " + r.statusCode() + " from " + where);
    }
    return new Fetched(where, r);
  }

  /** DER, or the hex-string form some PCCS versions serve "for backward compatibility" (3.2). */
  static byte[] derOrHex(byte[] body, String what) throws CollateralFetchException {
    if (body.length > 0 && Byte.toUnsignedInt(body[0]) == 0x30) {
      return body;
    }
    String s = new String(body, StandardCharsets.US_ASCII).strip();
    if (!s.isEmpty() && s.length() % 2 == 0 && CollateralKey.isHex(s)) {
      return HexFormat.of().parseHex(s);
    }
    throw CollateralFetchException.malformed(what + ": body is neither DER nor a hex string");
  }

  /**
   * Percent-decodes an issuer-chain header. Unlike {@code URLDecoder} it leaves {@code +} alone: it
   * is a base64 character in PEM, and servers encode it as {@code %2B} anyway.
   */
  static byte[] percentDecode(String value, String header) throws CollateralFetchException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        if (i + 2 >= value.length()
            || Character.digit(value.charAt(i + 1), 16) < 0
            || Character.digit(value.charAt(i + 2), 16) < 0) {
          throw CollateralFetchException.malformed(
              "header " + header + ": bad percent escape at index " + i);
        }
        out.write(
            Character.digit(value.charAt(i + 1), 16) * 16
                + Character.digit(value.charAt(i + 2), 16));
        i += 2;
      } else if (c < 0x20 || c > 0x7e) {
        throw CollateralFetchException.malformed(
            "header " + header + ": non-printable character at index " + i);
      } else {
        out.write(c);
      }
    }
    if (out.size() > MAX_CHAIN_HEADER_BYTES) {
      throw CollateralFetchException.malformed(
          "header " + header + ": decoded chain larger than " + MAX_CHAIN_HEADER_BYTES + " bytes");
    }
    return out.toByteArray();
  }

  /** A 200 response: its body and headers. */
  private static final class Fetched {
    final String where;
    final byte[] body;
    final HttpResponse<byte[]> response;

    Fetched(String where, HttpResponse<byte[]> response) {
      this.where = where;
      this.response = response;
      this.body = response.body();
    }

    byte[] chainHeader(List<String> names) throws CollateralFetchException {
      for (String name : names) {
        Optional<String> v = response.headers().firstValue(name);
        if (v.isPresent()) {
          return percentDecode(v.get(), name);
        }
      }
      throw CollateralFetchException.malformed(
          "response for " + where + " lacks header " + String.join(" / ", names));
    }
  }

  /** Options; every one has a safe default except the base URI and the cache folder. */
  public static final class Builder {
    private final URI base;
    private final Path cacheDir;
    private Supplier<Optional<URI>> baseOverride = Optional::empty;
    private URI rootCaCrlUri;
    private HttpClient client;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(15);
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private Clock clock = Clock.systemUTC();
    private Duration maxCacheAge = Duration.ofHours(12);
    private Duration refreshBeforeNextUpdate = Duration.ofDays(7);

    private Builder(URI base, Path cacheDir) {
      this.base = Objects.requireNonNull(base, "baseUri");
      this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
      String scheme = base.getScheme();
      if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
        throw new IllegalArgumentException("base URI must be http(s): " + base);
      }
    }

    /**
     * A base that replaces the builder's when present, read before every download (the host's
     * {@code PCCS_URL}; an http(s) URL). The cache and its high-water marks stay the same.
     */
    public Builder baseOverride(Supplier<Optional<URI>> override) {
      this.baseOverride = Objects.requireNonNull(override, "override");
      return this;
    }

    /**
     * Root CA CRL location (default: Intel's DER file for Intel PCS, {@code rootcacrl} for a PCCS).
     */
    public Builder rootCaCrlUri(URI uri) {
      this.rootCaCrlUri = Objects.requireNonNull(uri);
      return this;
    }

    /** A pre-built client (its own connect timeout applies). */
    public Builder httpClient(HttpClient c) {
      this.client = Objects.requireNonNull(c);
      return this;
    }

    /** TCP connect timeout (default 5 s). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /** Deadline for one request including its body (default 15 s). */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive(d, "requestTimeout");
      return this;
    }

    /** Upper bound on one response body (default 1 MiB). */
    public Builder maxResponseBytes(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("maxResponseBytes must be positive");
      }
      this.maxResponseBytes = n;
      return this;
    }

    /** The clock stamping fetches and judging cache age (default UTC system clock). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** Re-download once a cached set is this old (default 12 h), to notice new TCB recoveries. */
    public Builder maxCacheAge(Duration d) {
      this.maxCacheAge = positive(d, "maxCacheAge");
      return this;
    }

    /** Re-download this long before the earliest nextUpdate (default 7 days). */
    public Builder refreshBeforeNextUpdate(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("refreshBeforeNextUpdate must not be negative");
      }
      this.refreshBeforeNextUpdate = d;
      return this;
    }

    public PcsCollateralFetcher build() {
      return new PcsCollateralFetcher(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }
  }
}
