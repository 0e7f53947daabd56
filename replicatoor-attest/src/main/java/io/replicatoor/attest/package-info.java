/** replicatoor-attest. */
package io.replicatoor.attest;
