package io.iisbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class EnvTest {

  private static final Map<String, String> ENV =
      Map.of("HOST", "web01", "PORT", "9701", "EMPTY", "");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "plain text               | plain text",
        "${HOST}                  | web01",
        "https://${HOST}:${PORT}  | https://web01:9701",
        "${MISSING:-fallback}     | fallback",
        "${HOST:-fallback}        | web01",
        "${EMPTY:-fallback}       | fallback",
        "'${EMPTY}'               | ''",
        "${MISSING:-}             | ''",
        "${MISSING:-a:b}          | a:b",
        "cost $5                  | cost $5",
        "$${HOST}                 | ${HOST}",
        "a$$b                     | a$b",
      })
  void substitute_reference_isReplaced(String text, String expected) {
    assertThat(Env.substitute(text, ENV)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "${MISSING}                 | environment variable MISSING is not set",
        "${A}-${HOST}-${B}          | environment variables A, B are not set",
        "${HOST                     | unclosed reference \"${HOST\" (write ${NAME} or ${NAME:-default})",
        "${1X}                      | not a variable name: \"${1X}\" (write ${NAME} or ${NAME:-default})",
        "${}                        | not a variable name: \"${}\" (write ${NAME} or ${NAME:-default})",
      })
  void substitute_badReference_isNamed(String text, String message) {
    assertThatThrownBy(() -> Env.substitute(text, ENV))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
