package io.replicatoor.attest.handover;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.collateral.fetch.CollateralKey;
import io.replicatoor.attest.collateral.fetch.FetchedCollateral;
import io.replicatoor.attest.collateral.fetch.PcsCollateralFetcher;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.port.CollateralHealth;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** {@link CollateralSource#pcs}: the caching fetcher, remembering the health of its last use. */
final class PcsCollateralSource implements CollateralSource {
  private final PcsCollateralFetcher fetcher;
  private volatile CollateralHealth health;

  PcsCollateralSource(PcsCollateralFetcher fetcher) {
    this.fetcher = fetcher;
  }

  @Override
  public Collateral forQuote(Quote quote) throws ReplicatoorException {
    Instant now = fetcher.clock().instant();
    String source = display(fetcher.base());
    try {
      FetchedCollateral f = fetcher.fetchFor(quote, CollateralKey.UpdateChannel.STANDARD);
      health =
          new CollateralHealth(
              source,
              Optional.of(f.fetchedAt()),
              Optional.of(f.earliestNextUpdate()),
              f.stale(),
              false,
              f.refreshError(),
              now);
      return CollateralSource.load(f.directory());
    } catch (ReplicatoorException e) {
      CollateralHealth before = health;
      health =
          new CollateralHealth(
              source,
              before == null ? Optional.empty() : before.fetchedAt(),
              before == null ? Optional.empty() : before.nextUpdate(),
              false,
              e.errorCode() == ErrorCode.COLLATERAL_EXPIRED,
              Optional.of(e.errorCode()),
              now);
      throw e;
    }
  }

  @Override
  public Optional<CollateralHealth> health() {
    return Optional.ofNullable(health);
  }

  /** Scheme, host, port and path: never user info or a query. */
  static String display(URI u) {
    return u.getScheme()
        + "://"
        + u.getHost()
        + (u.getPort() >= 0 ? ":" + u.getPort() : "")
        + (u.getRawPath() == null ? "" : u.getRawPath());
  }
}
