/** replicatoor-chain. */
package io.replicatoor.chain;
