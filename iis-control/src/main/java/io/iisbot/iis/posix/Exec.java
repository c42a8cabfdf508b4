package io.iisbot.iis.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code execve(2)} through JNA: this process becomes another program, keeping its process id, its
 * standard streams and whoever waits for it (a shell, systemd, a test). Used by the {@code
 * io.iisbot.bot.Launcher} on Linux and macOS so that the bot runs as one process, not a launcher
 * JVM waiting on a child JVM. Here, beside the rest of the project's native calls (only iis-control
 * uses JNA).
 */
public final class Exec {

  /** The one C library function used. */
  private interface LibC extends Library {
    int execve(String path, String[] argv, String[] envp);
  }

  private Exec() {}

  /**
   * Replaces this process with {@code command} (its first element an absolute path), the
   * environment being this process's plus {@code added} where not already set. Returns only when
   * that could not be done (no C library reachable through JNA, {@code execve} refused); the caller
   * then starts the program another way.
   */
  public static void replaceThisProcess(List<String> command, Map<String, String> added) {
    LibC libc;
    try {
      libc = Native.load("c", LibC.class);
    } catch (LinkageError | RuntimeException e) {
      return; // no JNA or no libc here: the caller's fallback runs
    }
    System.out.flush();
    System.err.flush();
    libc.execve(
        command.get(0), command.toArray(String[]::new), environment(System.getenv(), added));
    // Only on failure does execve return: the caller's fallback runs.
  }

  /** {@code NAME=value} pairs: {@code current}, then each of {@code added} not already there. */
  static String[] environment(Map<String, String> current, Map<String, String> added) {
    Map<String, String> env = new LinkedHashMap<>(current);
    added.forEach(env::putIfAbsent);
    List<String> pairs = new ArrayList<>(env.size());
    env.forEach((k, v) -> pairs.add(k + "=" + v));
    return pairs.toArray(String[]::new);
  }
}
