package io.replicatoor.attest.handover;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.collateral.fetch.PcsCollateralFetcher;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.port.CollateralHealth;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@link DcapPeerVerifier} gets the collateral for a peer's quote: a fixed folder (dcap-qvl
 * JSON or the PCS-form files, {@link Collateral#load}) or the caching PCS fetcher.
 */
@FunctionalInterface
public interface CollateralSource {
  /**
   * The collateral for {@code quote}.
   *
   * @throws ReplicatoorException ({@code COLLATERAL_*}) when none can be had; the verifier then
   *     gives no verdict and core fails closed
   */
  Collateral forQuote(Quote quote) throws ReplicatoorException;

  /** The source's health as of its last use (for {@code /status}); empty for a fixed folder. */
  default Optional<CollateralHealth> health() {
    return Optional.empty();
  }

  /**
   * The collateral in {@code path}, read again for every quote (a folder an operator refreshes).
   */
  static CollateralSource directory(Path path) {
    Objects.requireNonNull(path, "path");
    return quote -> load(path);
  }

  /**
   * Intel PCS (or a PCCS) through the caching fetcher, standard update channel. When a refresh
   * fails, a cached set that is still valid is used and {@link #health()} says so; once it has
   * expired, quotes fail closed with {@code COLLATERAL_EXPIRED}.
   */
  static CollateralSource pcs(PcsCollateralFetcher fetcher) {
    return new PcsCollateralSource(Objects.requireNonNull(fetcher, "fetcher"));
  }

  /** {@link Collateral#load} with an unreadable folder as {@code COLLATERAL_UNAVAILABLE}. */
  static Collateral load(Path path) throws ReplicatoorException {
    try {
      return Collateral.load(path);
    } catch (IOException e) {
      throw new ReplicatoorException(
          ErrorCode.COLLATERAL_UNAVAILABLE, "collateral in " + path + " is unreadable", e);
    }
  }
}
