/**
 * Test fixtures of the HTTP shell for other modules' tests (published as replicatoor-server's
 * test-jar, this package only): real servers on embedded instances of the development network. Test
 * code only.
 */
package io.replicatoor.server.testing;
