package io.replicatoor.core.port;

import io.replicatoor.core.ErrorCode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of the collateral source behind a {@link PeerVerifier}, as of its last use: public
 * bookkeeping only (where collateral comes from, how old and how long valid the set in use is,
 * whether a refresh failed). Shown in {@code /status} and the metrics; never a secret.
 *
 * @param source where collateral is fetched from (a PCS or PCCS base URL, without user info or
 *     query)
 * @param fetchedAt when the set in use was downloaded; empty before the first successful download
 * @param nextUpdate the earliest {@code nextUpdate} of the set in use: it is valid until then
 * @param stale true when the set in use is a cached one kept because its refresh failed
 * @param expired true when the last use found no set valid at its time (fail closed)
 * @param lastError the code of the last failed download or use; empty after a successful download
 * @param checkedAt when the source was last used
 */
public record CollateralHealth(
    String source,
    Optional<Instant> fetchedAt,
    Optional<Instant> nextUpdate,
    boolean stale,
    boolean expired,
    Optional<ErrorCode> lastError,
    Instant checkedAt) {

  /** Checks that no field is null. */
  public CollateralHealth {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(fetchedAt, "fetchedAt");
    Objects.requireNonNull(nextUpdate, "nextUpdate");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(checkedAt, "checkedAt");
  }
}
