package io.iisbot.iis.posix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

final class ExecTest {

  /** Run in a JVM of its own by the test: becomes a shell that prints its pid and environment. */
  public static void main(String[] args) {
    Exec.replaceThisProcess(
        List.of("/bin/sh", "-c", "echo \"pid=$$ arena=$MALLOC_ARENA_MAX kept=$KEPT\"; exit 7"),
        Map.of("MALLOC_ARENA_MAX", "2", "KEPT", "not this"));
    System.out.println("execve returned");
    System.exit(1);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void aJvmBecomesTheProgram_samePid_sameStreams_itsExitCode_andTheEnvironmentAdded()
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ExecTest.class.getName())
            .redirectErrorStream(true);
    pb.environment().remove("MALLOC_ARENA_MAX");
    pb.environment().put("KEPT", "mine");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(out).isEqualTo("pid=" + p.pid() + " arena=2 kept=mine");
    assertThat(p.exitValue()).isEqualTo(7);
  }

  @Test
  void environment_addsOnlyWhatIsNotSet() {
    assertThat(Exec.environment(Map.of("A", "1", "B", "2"), Map.of("B", "x", "C", "3")))
        .containsExactlyInAnyOrder("A=1", "B=2", "C=3");
  }
}
