package io.replicatoor.embed.crash;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.embed.FileStateStore;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The writer of the crash and disk-full trials, run as its own JVM so the parent can SIGKILL it or
 * start it under a file-size limit. It writes through the production {@link FileStateStore}.
 *
 * <pre>
 * StateWriterChild loop FILE FIRST BYTES   prints "ready", then stores FIRST, FIRST+1, ... forever,
 *                                          printing each version after its store returned
 * StateWriterChild once FILE VERSION BYTES stores one version; prints "stored" (exit 0) or
 *                                          "error CODE message" (exit 1)
 * </pre>
 */
public final class StateWriterChild {
  /** Line printed once the JVM is up and the loop is about to start. */
  static final String READY = "ready";

  /** Line printed by {@code once} after a successful store. */
  static final String STORED = "stored";

  /** Prefix of the line printed by {@code once} after a refused store. */
  static final String ERROR = "error";

  /** Exit status of {@code once} when the store refused the write. */
  static final int EXIT_REFUSED = 1;

  private StateWriterChild() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    String mode = args[0];
    FileStateStore store = new FileStateStore(Path.of(args[1]));
    long version = Long.parseLong(args[2]);
    int bytes = Integer.parseInt(args[3]);
    try {
      switch (mode) {
        case "loop" -> {
          out.println(READY);
          out.flush();
          for (long v = version; ; v++) {
            store.store(TrialBlob.of(v, bytes));
            out.println(v);
            out.flush();
          }
        }
        case "once" -> {
          store.store(TrialBlob.of(version, bytes));
          out.println(STORED);
          out.flush();
        }
        default -> throw new IllegalArgumentException("mode " + mode);
      }
    } catch (ReplicatoorException e) {
      out.println(ERROR + " " + e.errorCode() + " " + e.getMessage());
      out.flush();
      System.exit(EXIT_REFUSED);
    }
  }
}
