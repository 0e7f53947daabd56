/**
 * Public API: bounded parsing of untrusted JSON. {@link io.replicatoor.core.json.BoundedJson} is
 * the one factory; {@link io.replicatoor.core.json.JsonLimits} names the limits of each kind of
 * input.
 */
package io.replicatoor.core.json;
