package io.replicatoor.core.handover;

import io.replicatoor.core.state.EthereumAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The measured configuration the protocol depends on (part of the compose file, so of the compose
 * hash; never host-supplied).
 *
 * @param chainId the chain id of the deployment
 * @param contract the {@code UpgradeOperator} address
 * @param maxJoinAge how old a join's block anchor may be when A answers it (minutes)
 * @param sealing whether the state is sealed with the KMS key
 * @param replayCacheCapacity how many answered joins A remembers (within {@code maxJoinAge}); when
 *     full, A refuses joins until entries expire
 */
public record HandoverConfig(
    long chainId,
    EthereumAddress contract,
    Duration maxJoinAge,
    SealingMode sealing,
    int replayCacheCapacity) {

  /** Smallest accepted max join age. */
  public static final Duration MIN_JOIN_AGE = Duration.ofSeconds(30);

  /** Largest accepted max join age. */
  public static final Duration MAX_JOIN_AGE = Duration.ofHours(1);

  /** Validates ranges. */
  public HandoverConfig {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chainId must be positive");
    }
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(maxJoinAge, "maxJoinAge");
    Objects.requireNonNull(sealing, "sealing");
    if (maxJoinAge.compareTo(MIN_JOIN_AGE) < 0 || maxJoinAge.compareTo(MAX_JOIN_AGE) > 0) {
      throw new IllegalArgumentException("maxJoinAge must be between 30 s and 1 h");
    }
    if (replayCacheCapacity < 1 || replayCacheCapacity > 1_000_000) {
      throw new IllegalArgumentException("replayCacheCapacity must be 1..1000000");
    }
  }

  /** Defaults: 10 minutes max join age, sealing off, 10 000 cached joins. */
  public static HandoverConfig of(long chainId, EthereumAddress contract) {
    return new HandoverConfig(chainId, contract, Duration.ofMinutes(10), SealingMode.OFF, 10_000);
  }

  /** This configuration with {@code sealing} changed. */
  public HandoverConfig withSealing(SealingMode mode) {
    return new HandoverConfig(chainId, contract, maxJoinAge, mode, replayCacheCapacity);
  }

  /** This configuration with {@code maxJoinAge} changed. */
  public HandoverConfig withMaxJoinAge(Duration age) {
    return new HandoverConfig(chainId, contract, age, sealing, replayCacheCapacity);
  }
}
