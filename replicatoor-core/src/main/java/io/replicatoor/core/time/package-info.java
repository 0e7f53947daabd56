/**
 * Public API: {@link io.replicatoor.core.time.MutableClock}, a UTC {@link java.time.Clock} whose
 * owner sets the time. The development network keeps its instances' trusted time at the latest
 * block's timestamp with it, and tests use it as the injected trusted time source. Production
 * embeddings inject their own trusted {@link java.time.Clock}.
 */
package io.replicatoor.core.time;
