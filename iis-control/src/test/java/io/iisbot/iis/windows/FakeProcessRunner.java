package io.iisbot.iis.windows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ProcessRunner} that records every command and answers from canned results, keyed by the
 * arguments after the program path; anything not canned gets {@link #otherwise}.
 */
final class FakeProcessRunner implements ProcessRunner {

  private final Map<List<String>, ProcessResult> canned = new HashMap<>();
  private final List<List<String>> commands = new ArrayList<>();
  private final List<Duration> timeouts = new ArrayList<>();
  private ProcessResult otherwise = ok("");

  static ProcessResult ok(String stdout) {
    return new ProcessResult(0, stdout, "", false);
  }

  static ProcessResult fail(int exitCode, String stdout) {
    return new ProcessResult(exitCode, stdout, "", false);
  }

  static ProcessResult timedOut() {
    return new ProcessResult(SystemProcessRunner.KILLED, "", "", true);
  }

  /** Answers {@code result} when the arguments after the program are exactly {@code args}. */
  FakeProcessRunner on(ProcessResult result, String... args) {
    canned.put(List.of(args), result);
    return this;
  }

  FakeProcessRunner otherwise(ProcessResult result) {
    this.otherwise = result;
    return this;
  }

  @Override
  public synchronized ProcessResult run(List<String> command, Duration timeout) {
    commands.add(List.copyOf(command));
    timeouts.add(timeout);
    return canned.getOrDefault(command.subList(1, command.size()), otherwise);
  }

  synchronized List<List<String>> commands() {
    return List.copyOf(commands);
  }

  synchronized List<Duration> timeouts() {
    return List.copyOf(timeouts);
  }
}
