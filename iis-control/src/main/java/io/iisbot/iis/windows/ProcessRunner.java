package io.iisbot.iis.windows;

import java.time.Duration;
import java.util.List;

/**
 * Runs a program with an argument list, never through a shell, and gives up after a timeout.
 * Implementations are thread-safe.
 */
public interface ProcessRunner {

  /**
   * @param command the program and its arguments, each one element
   * @throws java.io.UncheckedIOException when the program cannot be started
   */
  ProcessResult run(List<String> command, Duration timeout);

  /** What a finished (or abandoned) process left behind. */
  record ProcessResult(int exitCode, String stdout, String stderr, boolean timedOut) {}
}
