/** Test fixtures: a real anvil process and deterministic inputs. Test code only. */
package io.replicatoor.chain.testing;
