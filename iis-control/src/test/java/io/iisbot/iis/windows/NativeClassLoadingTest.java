package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JNA-backed classes must initialize on any OS without touching a native library, so that a
 * Linux build (and the simulator) can load the package. Nothing is instantiated here.
 */
final class NativeClassLoadingTest {

  @ParameterizedTest
  @ValueSource(
      classes = {
        JnaScmApi.class,
        JnaProcessApi.class,
        JnaCounterApi.class,
        JnaServiceControl.class,
        ToolhelpProcessTable.class,
        PdhRequestCounter.class
      })
  void initialize_anyOs_loadsNoNativeLibrary(Class<?> type) {
    assertThatCode(() -> Class.forName(type.getName(), true, type.getClassLoader()))
        .doesNotThrowAnyException();
  }
}
