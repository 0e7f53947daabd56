package io.replicatoor.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests that run over a fresh {@link TestNet} with instance {@code a} serving and
 * instance {@code b} waiting to be onboarded, closed after each test.
 */
abstract class TwoNodeTest {
  TestNet net;
  TestNet.Node a;
  TestNet.Node b;

  @BeforeEach
  void startTwoNodes() throws Exception {
    net = new TestNet();
    a = net.serving("a");
    b = net.waiting("b");
  }

  @AfterEach
  void stopTwoNodes() {
    net.close();
  }
}
