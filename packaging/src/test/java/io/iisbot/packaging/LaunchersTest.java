package io.iisbot.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.bot.Launcher;
import io.iisbot.iis.agent.server.WindowsService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class LaunchersTest {

  @Test
  void botScript_carriesLauncherJvmOptions_thenOwnOptions_thenOneJvm() {
    String script = Launchers.botScript();

    assertThat(script)
        .startsWith("#!/bin/sh\n")
        .contains(
            "exec \"$home/runtime/bin/java\" "
                + String.join(" ", Launcher.JVM_OPTIONS)
                + " ${IISBOT_JAVA_OPTS:-} -Diisbot.launched=true -jar \"$home/lib/iisbot.jar\""
                + " \"$@\"")
        .contains("MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}");
  }

  @Test
  void agentScript_carriesTheServiceJvmOptions() {
    assertThat(Launchers.agentScript())
        .contains(
            "exec \"$home/runtime/bin/java\" "
                + WindowsService.JVM_OPTIONS
                + " ${IISBOT_JAVA_OPTS:-} -jar \"$home/lib/iisbot-agent.jar\" \"$@\"");
  }

  @Test
  void agentCmd_carriesTheServiceJvmOptions_withCrlfLineEnds() {
    String cmd = Launchers.agentCmd();

    assertThat(cmd)
        .contains(
            "\"%~dp0..\\runtime\\bin\\java.exe\" "
                + WindowsService.JVM_OPTIONS
                + " %IISBOT_JAVA_OPTS% -jar \"%~dp0..\\lib\\iisbot-agent.jar\" %*\r\n");
    assertThat(cmd.replace("\r\n", "")).doesNotContain("\n");
  }

  @ParameterizedTest
  @CsvSource({
    "LINUX_X64, org/sqlite/native/Linux/x86_64/libsqlitejdbc.so, true",
    "LINUX_X64, org/sqlite/native/Linux-Musl/x86_64/libsqlitejdbc.so, true",
    "LINUX_X64, org/sqlite/native/Linux/aarch64/libsqlitejdbc.so, false",
    "LINUX_X64, org/sqlite/native/Windows/x86_64/sqlitejdbc.dll, false",
    "LINUX_X64, com/sun/jna/linux-x86-64/libjnidispatch.so, true",
    "LINUX_X64, com/sun/jna/win32-x86-64/jnidispatch.dll, false",
    "LINUX_X64, com/sun/jna/Native.class, true",
    "LINUX_X64, org/sqlite/native/Linux/aarch64/, true",
    "WINDOWS_X64, com/sun/jna/win32-x86-64/jnidispatch.dll, true",
    "WINDOWS_X64, com/sun/jna/linux-x86-64/libjnidispatch.so, false",
    "WINDOWS_X64, org/sqlite/native/Windows/x86_64/sqlitejdbc.dll, true",
    "WINDOWS_X64, io/iisbot/iis/Action.class, true",
  })
  void platform_keepsItsOwnNativesOnly(JarCopy.Platform platform, String entry, boolean kept) {
    assertThat(platform.keeps(entry)).isEqualTo(kept);
  }
}
