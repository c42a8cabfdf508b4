package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.IisException;
import io.iisbot.iis.windows.ProcessRunner.ProcessResult;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * appcmd failures → code and hint. Outputs marked "published" were seen in public sources; the
 * others are written in appcmd's documented {@code ERROR ( hresult:..., message:... )} shape with
 * Windows' standard message texts, and are unverified as exact appcmd output.
 */
final class AppcmdErrorsTest {

  static Stream<Arguments> table() {
    return Stream.of(
        row(
            "not found by exit code, localized message (published shape)",
            "stop site",
            1168,
            "ERROR ( message:Не удалось найти объект SITE с идентификатором \"ghost\". )",
            IisException.NOT_FOUND,
            "IIS has no site by that name (appcmd: Не удалось найти объект SITE"),
        row(
            "not found by message",
            "stop pool",
            1,
            "ERROR ( message:Cannot find APPPOOL object with identifier \"Api\". )",
            IisException.NOT_FOUND,
            "IIS has no app pool by that name (appcmd: Cannot find APPPOOL object with identifier"
                + " \"Api\")"),
        row(
            "not found: collection element",
            "start pool",
            -2147023728,
            "ERROR ( message:Cannot find requested collection element )",
            IisException.NOT_FOUND,
            "IIS has no app pool by that name"),
        row(
            "access denied by hresult",
            "stop pool",
            5,
            "ERROR ( hresult:80070005, message:Command execution failed.\r\nAccess is denied.\r\n )",
            IisException.ACCESS_DENIED,
            "run the agent elevated"),
        row(
            "access denied by message only",
            "recycle pool",
            1,
            "ERROR ( message:Access is denied. )",
            IisException.ACCESS_DENIED,
            "access denied: the agent is not elevated"),
        row(
            "access denied as negative HRESULT exit code",
            "start site",
            0x80070005,
            "",
            IisException.ACCESS_DENIED,
            "elevated"),
        row(
            "configuration unreadable without elevation",
            "list sites",
            13,
            "ERROR ( message:Configuration error \r\nFilename: redirection.config\r\nLine Number: 0\r\n"
                + "Description: Cannot read configuration file due to insufficient permissions\r\n. )",
            IisException.ACCESS_DENIED,
            "elevated"),
        row(
            "transient 0x80070425 by hresult field",
            "stop pool",
            1061,
            "ERROR ( hresult:80070425, message:Command execution failed.\r\n"
                + "The service cannot accept control messages at this time.\r\n )",
            IisException.HRESULT_CANNOT_ACCEPT_CTRL,
            "IIS is busy with a change (appcmd: The service cannot accept control messages at this"
                + " time)"),
        row(
            "transient 0x800710D8 inside the message",
            "list app pools",
            1,
            "ERROR ( message:Command execution failed. The object identifier does not represent a"
                + " valid object. (0x800710d8) )",
            IisException.HRESULT_OBJECT_NOT_FOUND,
            "IIS is busy with a change"),
        row(
            "transient 0x800710D8 as exit code",
            "start site",
            0x800710D8,
            "",
            IisException.HRESULT_OBJECT_NOT_FOUND,
            "IIS is busy with a change"),
        row(
            "already stopped keeps the exit code",
            "stop pool",
            1062,
            "ERROR ( hresult:80070426, message:Command execution failed.\r\n"
                + "The service has not been started.\r\n )",
            1062,
            "it is already stopped (appcmd: The service has not been started)"),
        row(
            "already started keeps the exit code",
            "start pool",
            1056,
            "ERROR ( hresult:80070420, message:Command execution failed.\r\n"
                + "An instance of the service is already running.\r\n )",
            1056,
            "it is already started"),
        row(
            "already started by message only",
            "start site",
            1,
            "ERROR ( message:The site is already started. )",
            1,
            "it is already started (appcmd: The site is already started)"),
        row(
            "WAS not running (published shape, English text unverified)",
            "list worker processes",
            50,
            "ERROR ( message:The WAS service is not available - try starting the service first. )",
            50,
            "WAS or W3SVC is not running, or the agent is not elevated"),
        row(
            "other error keeps code and message",
            "set pool autoStart",
            13,
            "ERROR ( hresult:8007000d, message:Command execution failed.\nThe data is invalid.\n )",
            13,
            "The data is invalid"),
        row(
            "RPC failure keeps code (published shape)",
            "list worker processes",
            1726,
            "ERROR ( hresult:800706be, message:The remote procedure call failed. )",
            1726,
            "The remote procedure call failed"),
        row(
            "no message at all",
            "stop site",
            42,
            "",
            42,
            "appcmd failed with error 42 and printed no message"));
  }

  private static Arguments row(
      String name, String operation, int exit, String stdout, int code, String hintPart) {
    return Arguments.of(name, operation, exit, stdout, code, hintPart);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void translate_exitAndMessage_codeAndHint(
      String name, String operation, int exit, String stdout, int code, String hintPart) {
    IisException e =
        AppcmdErrors.translate(operation, "Target", new ProcessResult(exit, stdout, "", false));

    assertThat(e.code()).isEqualTo(code);
    assertThat(e.hint()).contains(hintPart);
    assertThat(e.operation()).isEqualTo(operation);
    assertThat(e.target()).isEqualTo("Target");
  }

  @Test
  void translate_transientHresults_areRetryable() {
    for (String hresult : new String[] {"80070425", "800710D8"}) {
      IisException e =
          AppcmdErrors.translate(
              "stop pool",
              "Api",
              new ProcessResult(1, "ERROR ( hresult:" + hresult + ", message:x )", "", false));

      assertThat(e.isTransient()).as(hresult).isTrue();
    }
  }

  @Test
  void translate_messageOnStderr_isRead() {
    IisException e =
        AppcmdErrors.translate(
            "stop site",
            "Shop",
            new ProcessResult(1, "", "ERROR ( message:Site \"Shop\" could not be found. )", false));

    assertThat(e.code()).isEqualTo(IisException.NOT_FOUND);
    assertThat(e.hint()).contains("Site \"Shop\" could not be found");
  }

  @Test
  void translate_pathsInMessage_areRemoved() {
    String stdout =
        "ERROR ( message:Configuration error\r\nFilename:"
            + " \\\\?\\C:\\Windows\\system32\\inetsrv\\config\\applicationHost.config\r\n"
            + "Line Number: 12\r\nDescription: Unrecognized attribute 'foo' in \\\\fileserver\\share\\x.config. )";

    IisException e =
        AppcmdErrors.translate("list sites", "IIS", new ProcessResult(13, stdout, "", false));

    assertThat(e.hint())
        .isEqualTo(
            "Configuration error Filename: <path> Line Number: 12 Description: Unrecognized"
                + " attribute 'foo' in <path>")
        .doesNotContain("C:\\", "\\\\");
  }

  @Test
  void translate_longMessageAndControlCharacters_areShortenedAndRemoved() {
    String stdout = "ERROR ( message:" + "x".repeat(500) + "\u0000\u001b[31m )";

    IisException e =
        AppcmdErrors.translate("stop site", "Shop", new ProcessResult(7, stdout, "", false));

    assertThat(e.hint()).hasSize(AppcmdErrors.MAX_HINT).endsWith("…").doesNotContain("\u0000");
  }

  @Test
  void timedOut_namesTheTimeout() {
    IisException e =
        AppcmdErrors.timedOut("recycle pool", "Api", java.time.Duration.ofMillis(2500));

    assertThat(e.code()).isEqualTo(AppcmdCli.TIMEOUT);
    assertThat(e.getMessage())
        .startsWith("recycle pool Api failed (error 1460): appcmd did not finish within 2.5s");
  }

  static Stream<Arguments> requestMonitorOutputs() {
    return Stream.of(
        // Published (2018 blog post; Stack Overflow 38593856): Request Monitor not installed.
        Arguments.of(
            -2147467263,
            "ERROR ( hresult:80004001, message:Command execution failed.\r\nNot implemented\r\n )",
            true),
        // Guesses: no real output with these words has been seen.
        Arguments.of(1, "ERROR ( message:The RequestMonitor module is not installed. )", true),
        Arguments.of(
            1, "ERROR ( message:Request monitoring is not enabled on this server. )", true),
        Arguments.of(50, "ERROR ( message:The request is not supported. )", true),
        Arguments.of(0x80004001, "", true),
        // Real failures that must not be mistaken for it.
        Arguments.of(5, "ERROR ( hresult:80070005, message:Access is denied. )", false),
        Arguments.of(
            50, "ERROR ( message:The WAS service is not available - try starting it. )", false),
        Arguments.of(
            1168, "ERROR ( message:Cannot find SITE object with identifier \"x\". )", false),
        Arguments.of(0, "", false));
  }

  @ParameterizedTest
  @MethodSource("requestMonitorOutputs")
  void requestMonitorMissing_recognisedOnlyForItsSymptoms(
      int exit, String stdout, boolean expected) {
    assertThat(AppcmdErrors.requestMonitorMissing(new ProcessResult(exit, stdout, "", false)))
        .isEqualTo(expected);
  }

  @Test
  void requestMonitorMissing_timedOut_isFalse() {
    assertThat(AppcmdErrors.requestMonitorMissing(FakeProcessRunner.timedOut())).isFalse();
  }
}
