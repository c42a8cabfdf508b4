package io.iisbot.iis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class IisExceptionTest {

  @ParameterizedTest
  @CsvSource({
    "5, error 5",
    "1051, error 1051",
    "0, error 0",
    "65535, error 65535",
    "-2147023835, 0x80070425",
    "-2147020584, 0x800710D8",
    "-2147024891, 0x80070005"
  })
  void formatCode_win32DecimalHresultHex(int code, String expected) {
    assertThat(IisException.formatCode(code)).isEqualTo(expected);
  }

  @Test
  void formatCode_constants_matchWindowsSpelling() {
    assertThat(IisException.formatCode(IisException.ACCESS_DENIED)).isEqualTo("error 5");
    assertThat(IisException.formatCode(0x80070425)).isEqualTo("0x80070425");
    assertThat(IisException.formatCode(IisException.HRESULT_OBJECT_NOT_FOUND))
        .isEqualTo("0x800710D8");
  }

  @ParameterizedTest
  @ValueSource(ints = {1061, 0x80070425, 0x800710D8})
  void isTransient_pendingOrFreshState_isTrue(int code) {
    assertThat(new IisException("stop service", "W3SVC", code, "h").isTransient()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {5, 1051, 1052, 1056, 1060, 1062, 1168, 0x80070005})
  void isTransient_otherCodes_isFalse(int code) {
    assertThat(new IisException("stop service", "W3SVC", code, "h").isTransient()).isFalse();
  }

  @Test
  void accessDenied_message_namesOperationTargetAndElevation() {
    IisException e = IisException.accessDenied("stop service", "W3SVC");

    assertThat(e.code()).isEqualTo(5);
    assertThat(e.isAccessDenied()).isTrue();
    assertThat(e.isTransient()).isFalse();
    assertThat(e.operation()).isEqualTo("stop service");
    assertThat(e.target()).isEqualTo("W3SVC");
    assertThat(e.getMessage())
        .startsWith("stop service W3SVC failed (error 5): access denied")
        .contains("elevated");
    assertThat(e.hint()).contains("stop service W3SVC");
  }

  @Test
  void isAccessDenied_hresultE_ACCESSDENIED_isTrue() {
    assertThat(new IisException("stop pool", "Api", 0x80070005, "h").isAccessDenied()).isTrue();
    assertThat(new IisException("stop pool", "Api", 1051, "h").isAccessDenied()).isFalse();
  }

  @Test
  void dependentsRunning_namesEveryDependent() {
    IisException e = IisException.dependentsRunning("WAS", List.of("W3SVC", "NetTcpActivator"));

    assertThat(e.code()).isEqualTo(IisException.DEPENDENT_SERVICES_RUNNING);
    assertThat(e.getMessage())
        .isEqualTo(
            "stop service WAS failed (error 1051): dependent services are still running:"
                + " W3SVC, NetTcpActivator; stop them first");
  }

  @Test
  void notFound_carries1168() {
    IisException e = IisException.notFound("kill worker", "pid 7", "no such process");

    assertThat(e.code()).isEqualTo(1168);
    assertThat(e.getMessage()).isEqualTo("kill worker pid 7 failed (error 1168): no such process");
  }
}
