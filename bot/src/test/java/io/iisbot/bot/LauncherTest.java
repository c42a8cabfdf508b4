package io.iisbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LauncherTest {

  @Test
  void command_settingsFirst_thenTheOperatorsOwnOptions_soTheirsWin() {
    List<String> cmd =
        Launcher.command(
            Path.of("/jdk/bin/java"),
            Path.of("/opt/iisbot.jar"),
            List.of("-Xmx512m", "-Dlogback.configurationFile=logback.xml"),
            new String[] {"--config", "iisbot.yaml"});

    assertThat(cmd.get(0)).isEqualTo(Path.of("/jdk/bin/java").toString());
    assertThat(cmd.subList(1, 1 + Launcher.JVM_OPTIONS.size())).isEqualTo(Launcher.JVM_OPTIONS);
    assertThat(cmd.indexOf("-Xmx512m")).isGreaterThan(cmd.indexOf("-Xmx160m"));
    assertThat(cmd)
        .endsWith(
            "-Diisbot.launched=true",
            "-jar",
            Path.of("/opt/iisbot.jar").toString(),
            "--config",
            "iisbot.yaml");
  }

  @Test
  void jvmOptions_capTheHeap_andExitOnOutOfMemory() {
    assertThat(Launcher.JVM_OPTIONS)
        .contains("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError")
        .anyMatch(o -> o.startsWith("-Xmx"));
  }
}
