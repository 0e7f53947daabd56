package io.replicatoor.core.port;

import java.util.List;
import java.util.Objects;

/**
 * Every pending upgrade at one verified block, or the newest ones with {@code truncated} set: a
 * truncated list must be read as "more may be pending", never as "none other pending".
 *
 * @param block the verified block the list was proven at
 * @param upgrades the pending upgrades (contract order)
 * @param truncated true when older proposals were not read (the list may be incomplete)
 */
public record PendingUpgrades(ChainBlock block, List<PendingUpgrade> upgrades, boolean truncated) {
  /** Copies {@code upgrades}. */
  public PendingUpgrades {
    Objects.requireNonNull(block, "block");
    upgrades = List.copyOf(upgrades);
  }
}
