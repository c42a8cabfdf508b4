package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.IisException;
import org.junit.jupiter.api.Test;

/** What can be checked without Windows: the class loads, arguments and errors are handled. */
final class WevtapiEventLogTest {

  private final WevtapiEventLog log = new WevtapiEventLog();

  @Test
  void query_maxBelowOne_isRejectedBeforeAnyNativeCall() {
    assertThatThrownBy(() -> log.query("System", "*", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max must be at least 1, was 0");
  }

  @Test
  void query_blankChannelOrQuery_isRejectedBeforeAnyNativeCall() {
    assertThatThrownBy(() -> log.query(" ", "*", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a channel is needed, e.g. System");
    assertThatThrownBy(() -> log.query("System", "", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an XPath query is needed");
  }

  @Test
  void failure_accessDenied_pointsAtElevationAndEventLogReaders() {
    IisException e = WevtapiEventLog.failure("Security", 5);

    assertThat(e.isAccessDenied()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo(
            "read events Security failed (error 5): access denied: run the agent elevated, or add"
                + " its account to the Event Log Readers group");
  }

  @Test
  void failure_channelNotFound_saysSo() {
    IisException e = WevtapiEventLog.failure("Microsoft-IIS-Configuration/Operational", 15007);

    assertThat(e.code()).isEqualTo(15007);
    assertThat(e.target()).isEqualTo("Microsoft-IIS-Configuration/Operational");
    assertThat(e.hint()).isEqualTo("no event log channel with this name on the host");
  }

  @Test
  void failure_invalidQuery_isReportedAsOurBug() {
    assertThat(WevtapiEventLog.failure("System", 15001).hint())
        .isEqualTo("the Event Log rejected the query as invalid; this is a bug in iisbot");
  }

  @Test
  void failure_timeoutAndOthers_haveAHint() {
    assertThat(WevtapiEventLog.failure("System", 1460).hint())
        .startsWith("the Event Log service did not answer within 10 s");
    assertThat(WevtapiEventLog.failure("System", 1722).getMessage())
        .isEqualTo("read events System failed (error 1722): the Event Log returned an error");
  }
}
