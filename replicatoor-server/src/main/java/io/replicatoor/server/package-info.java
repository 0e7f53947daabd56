/** replicatoor-server. */
package io.replicatoor.server;
