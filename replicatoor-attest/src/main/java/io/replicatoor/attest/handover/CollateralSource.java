package io.replicatoor.attest.handover;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.collateral.fetch.CollateralKey;
import io.replicatoor.attest.collateral.fetch.FetchedCollateral;
import io.replicatoor.attest.collateral.fetch.PcsCollateralFetcher;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

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

  /**
   * The collateral in {@code path}, read again for every quote (a folder an operator refreshes).
   */
  static CollateralSource directory(Path path) {
    Objects.requireNonNull(path, "path");
    return quote -> load(path);
  }

  /** Intel PCS (or a PCCS) through the caching fetcher, standard update channel. */
  static CollateralSource pcs(PcsCollateralFetcher fetcher) {
    Objects.requireNonNull(fetcher, "fetcher");
    return quote -> {
      FetchedCollateral f = fetcher.fetchFor(quote, CollateralKey.UpdateChannel.STANDARD);
      return load(f.directory());
    };
  }

  private static Collateral load(Path path) throws ReplicatoorException {
    try {
      return Collateral.load(path);
    } catch (IOException e) {
      throw new ReplicatoorException(
          ErrorCode.COLLATERAL_UNAVAILABLE, "collateral in " + path + " is unreadable", e);
    }
  }
}
