package io.iisbot.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.logging.LogFormat;
import org.junit.jupiter.api.Test;

final class MainTest {

  @Test
  void logFormat_givenOnTheCommandLine_winsOverTheConfiguration() {
    Main.Invocation json = Main.Invocation.parse(new String[] {"--log-format", "json"});

    assertThat(json.logFormatOr(LogFormat.TEXT)).isEqualTo(LogFormat.JSON);
  }

  @Test
  void logFormat_notGiven_isTheConfigurations() {
    Main.Invocation none = Main.Invocation.parse(new String[] {"--port", "0"});

    assertThat(none.logFormatOr(LogFormat.JSON)).isEqualTo(LogFormat.JSON);
    assertThat(none.logFormatOr(LogFormat.TEXT)).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void logFormat_unknown_saysWhatIsAccepted() {
    assertThatThrownBy(() -> Main.Invocation.parse(new String[] {"--log-format", "xml"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--log-format must be text or json, was \"xml\"");
    assertThat(Main.USAGE).contains("[--log-format text|json]");
  }
}
