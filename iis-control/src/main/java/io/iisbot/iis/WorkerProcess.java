package io.iisbot.iis;

import java.util.Objects;

/**
 * A {@code w3wp.exe} process.
 *
 * @param pool the app pool it serves, from its command line or from appcmd
 * @param workingSetBytes its memory, reported for leftovers
 */
public record WorkerProcess(int pid, String pool, long workingSetBytes) {

  public WorkerProcess {
    if (pid <= 0) {
      throw new IllegalArgumentException("pid must be > 0, was " + pid);
    }
    Objects.requireNonNull(pool, "pool");
  }
}
