/** replicatoor-cli. */
package io.replicatoor.cli;
