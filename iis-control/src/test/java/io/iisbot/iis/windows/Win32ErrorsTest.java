package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.IisException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class Win32ErrorsTest {

  static Stream<Arguments> hints() {
    return Stream.of(
        Arguments.of(5, "not elevated"),
        Arguments.of(0x80070005, "not elevated"),
        Arguments.of(1051, "dependent services are still running"),
        Arguments.of(1052, "stop is already in progress"),
        Arguments.of(1053, "did not respond to the control in time"),
        Arguments.of(1056, "already running"),
        Arguments.of(1058, "disabled; re-enable it"),
        Arguments.of(1060, "not installed"),
        Arguments.of(1061, "wait a moment and retry"),
        Arguments.of(1062, "not running"),
        Arguments.of(1068, "depends on failed to start"),
        Arguments.of(1072, "marked for deletion"),
        Arguments.of(1075, "does not exist or is marked for deletion"),
        Arguments.of(1460, "timed out"),
        Arguments.of(1168, "no such object"),
        Arguments.of(0x80070425, "pending state"),
        Arguments.of(0x800710D8, "too soon after a change"),
        Arguments.of(1234, "Windows reported error 1234"),
        Arguments.of(0xC0000BB8, "Windows reported 0xC0000BB8"));
  }

  @ParameterizedTest
  @MethodSource("hints")
  void translate_code_keepsCodeAndGivesAHint(int code, String hint) {
    IisException e = Win32Errors.translate("stop service", "W3SVC", code);

    assertThat(e.code()).isEqualTo(code);
    assertThat(e.operation()).isEqualTo("stop service");
    assertThat(e.target()).isEqualTo("W3SVC");
    assertThat(e.hint()).contains(hint);
    assertThat(e.getMessage())
        .startsWith("stop service W3SVC failed (" + IisException.formatCode(code) + "): ");
  }

  @ParameterizedTest
  @MethodSource("hints")
  void translate_anyCode_hintHasNoPathNoStackTraceNoNewline(int code, String ignored) {
    String hint =
        Win32Errors.translate("stop service", "W3SVC", code, List.of("W3SVC", "NetTcpActivator"))
            .hint();

    assertThat(hint)
        .doesNotContain(":\\")
        .doesNotContain("%windir%")
        .doesNotContain("\\system32")
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("\n");
  }

  @Test
  void translate_accessDenied_sameAsIisExceptionAccessDenied() {
    IisException e = Win32Errors.translate("start service", "WAS", 5);
    IisException expected = IisException.accessDenied("start service", "WAS");

    assertThat(e.getMessage()).isEqualTo(expected.getMessage());
    assertThat(e.hint())
        .isEqualTo(
            "access denied: the agent is not elevated or its account lacks the right to start"
                + " service WAS; run the agent elevated, as a local administrator");
    assertThat(e.isAccessDenied()).isTrue();
  }

  @Test
  void translate_accessDeniedHresult_sameHintHresultKept() {
    IisException e = Win32Errors.translate("start service", "WAS", 0x80070005);

    assertThat(e.code()).isEqualTo(0x80070005);
    assertThat(e.isAccessDenied()).isTrue();
    assertThat(e.hint()).isEqualTo(IisException.accessDenied("start service", "WAS").hint());
  }

  @Test
  void translate_dependentsRunning_namesThem() {
    IisException e =
        Win32Errors.translate("stop service", "WAS", 1051, List.of("W3SVC", "NetTcpActivator"));

    assertThat(e.hint())
        .isEqualTo("dependent services are still running: W3SVC, NetTcpActivator; stop them first");
  }

  @Test
  void translate_dependentsRunningUnknown_saysHowToListThem() {
    IisException e = Win32Errors.translate("stop service", "WAS", 1051);

    assertThat(e.hint()).contains("stop them first", "sc.exe enumdepend WAS");
  }

  @Test
  void translate_dependentWithControlCharacters_isEscaped() {
    IisException e = Win32Errors.translate("stop service", "WAS", 1051, List.of("Evil\nline"));

    assertThat(e.hint()).contains("Evil\\u000aline").doesNotContain("\n");
  }

  @Test
  void translate_transientCodes_areTransient() {
    assertThat(Win32Errors.translate("stop service", "W3SVC", 1061).isTransient()).isTrue();
    assertThat(Win32Errors.translate("recycle app pool", "A", 0x80070425).isTransient()).isTrue();
    assertThat(Win32Errors.translate("list app pools", "host", 0x800710D8).isTransient()).isTrue();
    assertThat(Win32Errors.translate("stop service", "W3SVC", 1052).isTransient()).isFalse();
  }

  @Test
  void translate_disabled_namesTheServiceToReEnable() {
    assertThat(Win32Errors.translate("start service", "W3SVC", 1058).hint())
        .contains("sc.exe config W3SVC start= auto");
  }
}
