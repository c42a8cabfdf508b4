package io.iisbot.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config/systemd/iisbot.service} as systemd itself reads it. */
final class SystemdUnitTest {

  static final Path REPO = Path.of(System.getProperty("iisbot.repo", ".."));
  static final Path UNIT = REPO.resolve("config/systemd/iisbot.service");

  @Test
  void unit_passesSystemdAnalyzeVerify_withoutAWarning(@TempDir Path dir) throws Exception {
    Path analyze = Path.of("/usr/bin/systemd-analyze");
    assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed here");
    // verify wants ExecStart to exist: the same unit, starting a stand-in for /opt/iisbot.
    Path launcher = dir.resolve("iisbot");
    Files.writeString(launcher, "#!/bin/sh\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    String text = Files.readString(UNIT);
    assertThat(text).contains("ExecStart=/opt/iisbot/bin/iisbot\n");
    Path unit = dir.resolve("iisbot.service");
    Files.writeString(
        unit, text.replace("ExecStart=/opt/iisbot/bin/iisbot", "ExecStart=" + launcher));

    Process p =
        new ProcessBuilder(analyze.toString(), "verify", unit.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    // Unknown or misspelt keys are only warnings, with exit code 0: any output fails.
    assertThat(out).as("systemd-analyze verify said").isEmpty();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void unit_hasItsOwnUserStateDirectoryRestartAndSecretsFile() throws Exception {
    assertThat(Files.readAllLines(UNIT))
        .contains(
            "User=iisbot",
            "StateDirectory=iisbot",
            "Restart=on-failure",
            "EnvironmentFile=/etc/iisbot/iisbot.env",
            "NoNewPrivileges=yes",
            "ProtectSystem=strict");
  }
}
