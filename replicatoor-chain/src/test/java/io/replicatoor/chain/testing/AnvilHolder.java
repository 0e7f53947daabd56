package io.replicatoor.chain.testing;

import io.replicatoor.sim.anvil.Anvil;

/**
 * Child-JVM entry point for {@link AnvilLifecycleIT}: starts anvil, prints the PIDs of the wrapper
 * and its descendants, then waits to be killed.
 */
public final class AnvilHolder {
  private AnvilHolder() {}

  public static void main(String[] args) throws Exception {
    Anvil a = Anvil.start();
    StringBuilder sb = new StringBuilder("PIDS");
    for (ProcessHandle h : a.processes()) {
      sb.append(' ').append(h.pid());
    }
    System.out.println(sb);
    System.out.flush();
    Thread.sleep(120_000);
  }
}
