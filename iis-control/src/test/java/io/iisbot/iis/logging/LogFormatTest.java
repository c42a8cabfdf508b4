package io.iisbot.iis.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class LogFormatTest {

  @ParameterizedTest
  @CsvSource({"text, TEXT", "json, JSON", "JSON, JSON", "' json ', JSON"})
  void parse_knownName_isThatFormat(String name, LogFormat format) {
    assertThat(LogFormat.parse(name)).isEqualTo(format);
    assertThat(LogFormat.parse(format.configName())).isEqualTo(format);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "xml", "logfmt"})
  void parse_otherName_failsNamingIt(String name) {
    assertThatThrownBy(() -> LogFormat.parse(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must be text or json, was \"" + name + "\"");
  }
}
