package io.replicatoor.embed.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system calls of one sealed-state write, traced with strace ({@code -Pcrash} only, which sets
 * {@code replicatoor.crash.strace}; strace must be installed then): the temporary file is created
 * exclusively ({@code O_CREAT|O_EXCL}, which never follows a link), written, fsynced and closed
 * before it is renamed over the blob, and the folder is fsynced after the rename. SIGKILL trials
 * cannot see a missing fsync (the page cache survives a process crash); this order is what makes
 * the write survive power loss.
 */
@EnabledIfSystemProperty(named = "replicatoor.crash.strace", matches = "true")
class SyscallOrderTest {
  private static final int BYTES = 4096;

  private static final Pattern CALL =
      Pattern.compile("^(?:\\d+\\s+)?(\\w+)\\((.*)\\)\\s+=\\s+(-?\\d+)");

  @TempDir Path dir;

  @Test
  void createExclusiveWriteFsyncCloseRenameThenFsyncTheFolder() throws Exception {
    Path file = dir.resolve(CrashTrials.FILE);
    Path tmp = dir.resolve(CrashTrials.FILE + ".tmp");
    Files.write(tmp, new byte[] {1}); // a leftover the write must unlink, not write through
    Path trace = dir.resolve("strace.txt");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "strace",
                "-f",
                "-qq",
                "-o",
                trace.toString(),
                "-e",
                "trace=openat,open,write,pwrite64,fsync,fdatasync,close,rename,renameat,renameat2,"
                    + "unlink,unlinkat"));
    cmd.addAll(
        ChildJvm.command(
            StateWriterChild.class, "once", file.toString(), "1", Integer.toString(BYTES)));
    try (ChildJvm child = ChildJvm.start(cmd, dir.resolve("child.out"))) {
      assertThat(child.waitFor(TimeUnit.MINUTES.toMillis(5))).isZero();
      assertThat(child.lines()).containsExactly(StateWriterChild.STORED);
    }
    List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
    List<String> calls = new ArrayList<>();
    String tmpFd = null;
    String dirFd = null;
    String q = '"' + tmp.toString() + '"';
    String qf = '"' + file.toString() + '"';
    String qd = '"' + dir.toString() + '"';
    for (String l : lines) {
      Matcher m = CALL.matcher(l);
      if (!m.find()) {
        continue;
      }
      String name = m.group(1);
      String args = m.group(2);
      String ret = m.group(3);
      if ((name.equals("openat") || name.equals("open")) && args.contains(q)) {
        // O_CREAT|O_EXCL fails on any existing name, a symbolic link included (POSIX open()).
        assertThat(args).as(l).contains("O_CREAT").contains("O_EXCL");
        tmpFd = ret;
        calls.add("open-tmp");
      } else if ((name.equals("openat") || name.equals("open")) && args.contains(qd + ",")) {
        dirFd = ret;
        calls.add("open-dir");
      } else if (name.startsWith("unlink") && args.contains(q)) {
        calls.add("unlink-tmp");
      } else if (name.startsWith("rename") && args.contains(q) && args.contains(qf)) {
        calls.add("rename");
      } else if (tmpFd != null && firstArgIs(args, tmpFd) && name.contains("write")) {
        addOnce(calls, "write-tmp");
      } else if (tmpFd != null && firstArgIs(args, tmpFd) && name.equals("fsync")) {
        calls.add("fsync-tmp");
      } else if (tmpFd != null && firstArgIs(args, tmpFd) && name.equals("close")) {
        calls.add("close-tmp");
        tmpFd = null;
      } else if (dirFd != null && firstArgIs(args, dirFd) && name.equals("fsync")) {
        calls.add("fsync-dir");
      } else if (dirFd != null && firstArgIs(args, dirFd) && name.equals("close")) {
        dirFd = null;
      } else if (args.contains(qf) && !name.startsWith("rename")) {
        calls.add("touch-blob:" + name); // nothing may open or write the blob itself
      }
    }
    System.out.println("sealed-state write, traced: " + String.join(" -> ", calls));
    assertThat(calls)
        .containsExactly(
            "unlink-tmp",
            "open-tmp",
            "write-tmp",
            "fsync-tmp",
            "close-tmp",
            "rename",
            "open-dir",
            "fsync-dir");
  }

  private static boolean firstArgIs(String args, String fd) {
    return args.equals(fd) || args.startsWith(fd + ",");
  }

  private static void addOnce(List<String> calls, String c) {
    if (calls.isEmpty() || !calls.get(calls.size() - 1).equals(c)) {
      calls.add(c);
    }
  }
}
