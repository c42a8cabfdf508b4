package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service and logging classes must initialize on any OS without touching a native library, so
 * that the agent (and its tests) load on Linux. Nothing is instantiated here.
 */
final class ServerNativeClassLoadingTest {

  @ParameterizedTest
  @ValueSource(
      classes = {
        WindowsService.class,
        WindowsService.InstallSpec.class,
        JnaServiceApi.class,
        ServiceInstaller.class,
        ServiceDispatcher.class,
        ServiceErrors.class,
        AgentLogging.class,
        EventLogAppender.class,
        NumberedLogFiles.class,
        JnaEventLogApi.class
      })
  void initialize_anyOs_loadsNoNativeLibrary(Class<?> type) {
    assertThatCode(() -> Class.forName(type.getName(), true, type.getClassLoader()))
        .doesNotThrowAnyException();
  }
}
