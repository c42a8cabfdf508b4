package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.windows.ProcessRunner.ProcessResult;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Runs real small programs; a shell appears only here, to build test programs, never in the runner.
 */
@DisabledOnOs(OS.WINDOWS)
final class SystemProcessRunnerTest {

  private static final Duration LONG = Duration.ofSeconds(20);

  private final SystemProcessRunner runner = new SystemProcessRunner(StandardCharsets.UTF_8);

  @Test
  void run_exitCodeAndBothStreams_areReturned() {
    ProcessResult r = runner.run(List.of("sh", "-c", "echo hi; echo err >&2; exit 3"), LONG);

    assertThat(r).isEqualTo(new ProcessResult(3, "hi\n", "err\n", false));
  }

  @Test
  void run_argumentsWithShellCharacters_reachTheProgramUnchanged() {
    ProcessResult r = runner.run(List.of("echo", "a;b", "$(id)", "*", "`x`", "\"q\"", "a b"), LONG);

    assertThat(r.stdout()).isEqualTo("a;b $(id) * `x` \"q\" a b\n");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  @Timeout(10)
  void run_sleepPastTimeout_timesOutAndReturnsFast() {
    long start = System.nanoTime();

    ProcessResult r = runner.run(List.of("sleep", "5"), Duration.ofMillis(200));

    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(SystemProcessRunner.KILLED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  @Timeout(15)
  void run_timeout_killsDescendantsToo() throws Exception {
    ProcessResult r =
        runner.run(List.of("sh", "-c", "sleep 30 & echo $!; wait"), Duration.ofMillis(700));

    assertThat(r.timedOut()).isTrue();
    long child = Long.parseLong(r.stdout().strip());
    Optional<ProcessHandle> handle = ProcessHandle.of(child);
    if (handle.isPresent()) {
      handle.get().onExit().get(5, TimeUnit.SECONDS);
      assertThat(handle.get().isAlive()).isFalse();
    }
  }

  @Test
  @Timeout(30)
  void run_megabytesOnBothStreams_doesNotDeadlock() {
    String script =
        "head -c 3000000 /dev/zero | tr '\\0' a; head -c 3000000 /dev/zero | tr '\\0' b >&2;"
            + " head -c 1000 /dev/zero | tr '\\0' c";

    ProcessResult r = runner.run(List.of("sh", "-c", script), LONG);

    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).hasSize(3_001_000).startsWith("aaa").endsWith("ccc");
    assertThat(r.stderr()).hasSize(3_000_000).doesNotContain("a");
  }

  @Test
  void run_charset_decodesWithTheConfiguredOne() {
    List<String> eAcuteInUtf8 = List.of("printf", "\\303\\251");

    assertThat(runner.run(eAcuteInUtf8, LONG).stdout()).isEqualTo("é");
    assertThat(
            new SystemProcessRunner(StandardCharsets.ISO_8859_1).run(eAcuteInUtf8, LONG).stdout())
        .isEqualTo("Ã©");
  }

  @Test
  void constructor_noCharset_usesNativeEncoding() {
    Charset expected = Charset.forName(System.getProperty("native.encoding"));

    assertThat(new SystemProcessRunner().charset()).isEqualTo(expected);
    assertThat(SystemProcessRunner.nativeCharset()).isEqualTo(expected);
  }

  @Test
  void run_missingProgram_throwsUncheckedIOException() {
    assertThatThrownBy(() -> runner.run(List.of("/nonexistent/appcmd.exe", "list"), LONG))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("/nonexistent/appcmd.exe");
  }

  @Test
  void run_stdinIsClosed_programReadingItEndsAtOnce() {
    ProcessResult r = runner.run(List.of("cat"), LONG);

    assertThat(r).isEqualTo(new ProcessResult(0, "", "", false));
  }

  @Test
  void run_interrupted_killsTheProgramAndThrowsCancellation() {
    Thread.currentThread().interrupt();
    long start = System.nanoTime();

    assertThatThrownBy(() -> runner.run(List.of("sleep", "5"), LONG))
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("sleep");
    assertThat(Thread.interrupted()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void run_badArguments_areRejectedBeforeStarting() {
    assertThatThrownBy(() -> runner.run(List.of(), LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a command needs at least the program");
    assertThatThrownBy(() -> runner.run(List.of("true"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be positive, was PT0S");
  }
}
