package io.iisbot.iis.windows;

import static io.iisbot.iis.windows.EventLogFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.ServiceState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class EventXmlTest {

  private static final String WAS = "Microsoft-Windows-WAS";
  private static final String SCM = "Service Control Manager";

  // ---- the fixtures --------------------------------------------------------------------------

  @Test
  void parse_scm7036Stopped_readsEveryField() {
    EventRecord e = EventXml.parse(text("evt-scm-7036-stopped.xml"));

    assertThat(e.log()).isEqualTo("System");
    assertThat(e.provider()).isEqualTo(SCM);
    assertThat(e.id()).isEqualTo(7036);
    assertThat(e.level()).isEqualTo(EventLevel.INFORMATION);
    assertThat(e.time()).isEqualTo(Instant.parse("2012-03-14T04:17:38.276340200Z"));
    assertThat(e.data())
        .containsOnly(
            entry("param1", "Windows Modules Installer"),
            entry("param2", "stopped"),
            entry(
                "Binary",
                "540072007500730074006500640049006E007300740061006C006C00650072002F0031000000"));
    assertThat(e.message())
        .isEqualTo("The Windows Modules Installer service entered the stopped state.");
  }

  @Test
  void serviceKeyName_scm7036Stopped_decodesTheBinaryToTrustedInstaller() {
    EventRecord e = EventXml.parse(text("evt-scm-7036-stopped.xml"));

    assertThat(EventXml.serviceBinary(e)).contains("TrustedInstaller/1");
    assertThat(EventXml.serviceKeyName(e)).contains("TrustedInstaller");
    assertThat(EventXml.serviceState(e)).contains(ServiceState.STOPPED);
  }

  @Test
  void parse_scm7036Running_readsEveryField() {
    EventRecord e = EventXml.parse(text("evt-scm-7036-running.xml"));

    assertThat(e.log()).isEqualTo("System");
    assertThat(e.provider()).isEqualTo(SCM);
    assertThat(e.id()).isEqualTo(7036);
    assertThat(e.level()).isEqualTo(EventLevel.INFORMATION);
    assertThat(e.time()).isEqualTo(Instant.parse("2016-06-10T22:28:53.905233700Z"));
    assertThat(e.data())
        .containsOnly(
            entry("param1", "Smart Card Device Enumeration Service"),
            entry("param2", "running"),
            entry("Binary", "5300630044006500760069006300650045006E0075006D002F0034000000"));
    assertThat(e.message())
        .isEqualTo("The Smart Card Device Enumeration Service service entered the running state.");
  }

  @Test
  void serviceKeyName_scm7036Running_decodesTheBinaryToScDeviceEnum() {
    EventRecord e = EventXml.parse(text("evt-scm-7036-running.xml"));

    assertThat(EventXml.serviceBinary(e)).contains("ScDeviceEnum/4");
    assertThat(EventXml.serviceKeyName(e)).contains("ScDeviceEnum");
    assertThat(EventXml.serviceState(e)).contains(ServiceState.RUNNING);
  }

  @Test
  void parse_was5005WithBacktickNamespaceAndUnpaddedTime_readsIt() {
    EventRecord e = EventXml.parse(text("evt-was-5005.xml"));

    assertThat(e.log()).isEqualTo("System");
    assertThat(e.provider()).isEqualTo(WAS);
    assertThat(e.id()).isEqualTo(5005);
    assertThat(e.level()).isEqualTo(EventLevel.ERROR);
    assertThat(e.time()).isEqualTo(Instant.parse("2011-01-01T01:11:11Z"));
    assertThat(e.data()).containsOnly(entry("Binary", "0D000780"));
    assertThat(e.message()).isEqualTo("Microsoft-Windows-WAS 5005");
    assertThat(EventXml.serviceKeyName(e)).isEmpty();
  }

  @Test
  void parse_was5011FromExchangeWithBlankLines_readsIt() {
    EventRecord e = EventXml.parse(text("evt-was-5011-exchange.xml"));

    assertThat(e.log()).isEqualTo("System");
    assertThat(e.provider()).isEqualTo(WAS);
    assertThat(e.id()).isEqualTo(5011);
    assertThat(e.level()).isEqualTo(EventLevel.WARNING);
    assertThat(e.time()).isEqualTo(Instant.parse("2021-04-01T09:25:03.024615800Z"));
    assertThat(e.data())
        .containsOnly(
            entry("AppPoolID", "MSExchangeMapiFrontEndAppPool"),
            entry("ProcessID", "4528"),
            entry("Binary", "6D000780"));
    assertThat(e.message())
        .isEqualTo(
            "Microsoft-Windows-WAS 5011: AppPoolID=MSExchangeMapiFrontEndAppPool, ProcessID=4528");
  }

  @Test
  void parse_was5011Redacted_readsIt() {
    EventRecord e = EventXml.parse(text("evt-was-5011-redacted.xml"));

    assertThat(e.log()).isEqualTo("System");
    assertThat(e.provider()).isEqualTo(WAS);
    assertThat(e.id()).isEqualTo(5011);
    assertThat(e.level()).isEqualTo(EventLevel.WARNING);
    assertThat(e.time()).isEqualTo(Instant.parse("2017-06-15T14:27:23Z"));
    assertThat(e.data())
        .containsOnly(
            entry("AppPoolID", "[REDACTED]"),
            entry("ProcessID", "28828"),
            entry("Binary", "6D000780"));
  }

  @Test
  void parse_was5139_readsEveryDataValueInOrder() {
    EventRecord e = EventXml.parse(text("evt-was-5139.xml"));

    assertThat(e.log()).isEqualTo("System");
    assertThat(e.provider()).isEqualTo(WAS);
    assertThat(e.id()).isEqualTo(5139);
    assertThat(e.level()).isEqualTo(EventLevel.WARNING);
    assertThat(e.time()).isEqualTo(Instant.parse("2023-01-06T12:03:09.517096100Z"));
    assertThat(e.data())
        .containsOnly(
            entry("AppPoolID", "DefaultAppPool"),
            entry("ProcessID", "28652"),
            entry("param3", "0"),
            entry("ProtocolID", "http"),
            entry("Binary", "05000780"));
    assertThat(e.message())
        .isEqualTo(
            "Microsoft-Windows-WAS 5139: AppPoolID=DefaultAppPool, ProcessID=28652, param3=0,"
                + " ProtocolID=http");
  }

  // ---- 7036: the key name, never the display name ---------------------------------------------

  @Test
  void serviceKeyName_localizedDisplayName_stillReadsTheKeyName() {
    EventRecord e =
        EventXml.parse(scm7036("WWW-Publishingdienst", "Wird ausgeführt", binary("W3SVC/4")));

    assertThat(e.data()).containsEntry("param1", "WWW-Publishingdienst");
    assertThat(EventXml.serviceKeyName(e)).contains("W3SVC");
    assertThat(EventXml.serviceState(e)).contains(ServiceState.RUNNING);
  }

  @Test
  void serviceKeyName_displayNameThatLooksLikeAKey_isIgnoredInFavourOfTheBinary() {
    EventRecord e = EventXml.parse(scm7036("W3SVC", "stopped", binary("WAS/1")));

    assertThat(EventXml.serviceKeyName(e)).contains("WAS");
    assertThat(EventXml.serviceState(e)).contains(ServiceState.STOPPED);
  }

  @Test
  void serviceKeyName_withoutBinary_isEmpty() {
    EventRecord e = EventXml.parse(scm7036("World Wide Web Publishing Service", "running", null));

    assertThat(EventXml.serviceKeyName(e)).isEmpty();
    assertThat(EventXml.serviceState(e)).isEmpty();
  }

  @Test
  void serviceKeyName_binaryThatIsNotHexOrHasNoSlash_isEmpty() {
    assertThat(EventXml.serviceKeyName(EventXml.parse(scm7036("X", "running", "ZZZZ")))).isEmpty();
    assertThat(EventXml.serviceKeyName(EventXml.parse(scm7036("X", "running", binary("W3SVC")))))
        .isEmpty();
    assertThat(EventXml.serviceState(EventXml.parse(scm7036("X", "running", binary("W3SVC/9")))))
        .isEmpty();
  }

  @Test
  void serviceKeyName_eventOtherThan7036_isEmpty() {
    EventRecord e =
        new EventRecord(
            "System",
            SCM,
            7040,
            EventLevel.INFORMATION,
            Instant.EPOCH,
            "m",
            Map.of("Binary", binary("W3SVC/4")));

    assertThat(EventXml.serviceKeyName(e)).isEmpty();
  }

  // ---- variants --------------------------------------------------------------------------------

  @Test
  void systemTime_sevenFractionalDigits_readsThemAsNanoseconds() {
    assertThat(EventXml.systemTime("2024-05-01T10:00:00.1234567Z"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00.123456700Z"));
    assertThat(EventXml.systemTime("2024-05-01T10:00:00Z"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(EventXml.systemTime("2024-05-01T10:00:00.5+02:00"))
        .isEqualTo(Instant.parse("2024-05-01T08:00:00.500Z"));
  }

  @Test
  void systemTime_notATime_isRejectedWithTheText() {
    assertThatThrownBy(() -> EventXml.systemTime("yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an event time: \"yesterday\"");
    assertThatThrownBy(() -> EventXml.systemTime("2024-13-01T10:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an event time: \"2024-13-01T10:00:00Z\"");
  }

  @Test
  void parse_levelZero_takesTheLevelFromQualifiers() {
    assertThat(EventXml.parse(classic("0", "49152")).level()).isEqualTo(EventLevel.ERROR);
    assertThat(EventXml.parse(classic("", "32768")).level()).isEqualTo(EventLevel.WARNING);
    assertThat(EventXml.parse(classic("0", "16384")).level()).isEqualTo(EventLevel.INFORMATION);
    assertThat(EventXml.parse(classic("0", "")).level()).isEqualTo(EventLevel.INFORMATION);
  }

  @Test
  void parse_levelPresent_winsOverQualifiers() {
    assertThat(EventXml.parse(classic("1", "16384")).level()).isEqualTo(EventLevel.CRITICAL);
  }

  @Test
  void parse_unnamedData_becomesParamByPosition() {
    EventRecord e = EventXml.parse(classic("2", "49152"));

    assertThat(e.data())
        .containsOnly(
            entry("param1", "Application '/LM/W3SVC/1/ROOT' failed to start."),
            entry("param2", ""),
            entry("Binary", "00"));
    assertThat(e.log()).isEqualTo("Application");
    assertThat(e.provider()).isEqualTo("IIS AspNetCore Module V2");
    assertThat(e.id()).isEqualTo(1010);
    assertThat(e.message())
        .isEqualTo(
            "IIS AspNetCore Module V2 1010: param1=Application '/LM/W3SVC/1/ROOT' failed to start.,"
                + " param2=");
  }

  @Test
  void parse_prefixedNamespace_readsIt() {
    String xml =
        """
        <e:Event xmlns:e="http://schemas.microsoft.com/win/2004/08/events/event">
          <e:System>
            <e:Provider Name="Microsoft-Windows-WAS"/>
            <e:EventID Qualifiers="32768">5013</e:EventID>
            <e:Level>3</e:Level>
            <e:TimeCreated SystemTime="2026-01-05T09:00:31.0000000Z"/>
            <e:Channel>System</e:Channel>
          </e:System>
          <e:EventData>
            <e:Data Name="AppPoolID">P</e:Data>
            <e:Data Name="ProcessID">1372</e:Data>
          </e:EventData>
        </e:Event>
        """;

    EventRecord e = EventXml.parse(xml);

    assertThat(e.id()).isEqualTo(5013);
    assertThat(e.time()).isEqualTo(Instant.parse("2026-01-05T09:00:31Z"));
    assertThat(e.data()).containsOnly(entry("AppPoolID", "P"), entry("ProcessID", "1372"));
  }

  @Test
  void parse_renderingInfoMessage_isUsedAsTheMessage() {
    String xml =
        text("evt-was-5139.xml")
            .replace(
                "</Event>",
                "<RenderingInfo Culture=\"en-US\"><Message>A listener channel failed.</Message>"
                    + "</RenderingInfo></Event>");

    assertThat(EventXml.parse(xml).message()).isEqualTo("A listener channel failed.");
  }

  @Test
  void parse_userData_readsItsLeaves() {
    String xml =
        text("evt-was-5139.xml")
            .replaceAll(
                "(?s)<EventData>.*</EventData>",
                "<UserData><X><Pool>P</Pool><Pid>7</Pid></X></UserData>");

    assertThat(EventXml.parse(xml).data()).containsOnly(entry("Pool", "P"), entry("Pid", "7"));
  }

  // ---- hostile and broken input ----------------------------------------------------------------

  @Test
  void parse_externalEntity_isRefusedWithoutReadingTheFile() {
    String xml =
        """
        <?xml version="1.0"?>
        <!DOCTYPE Event [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <Event><System><Provider Name="&xxe;"/></System></Event>
        """;

    assertThatThrownBy(() -> EventXml.parse(xml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not well-formed event XML")
        .hasMessageContaining("DOCTYPE")
        .hasMessageNotContaining("root:");
  }

  @Test
  void parse_entityExpansion_isRefused() {
    String xml =
        """
        <!DOCTYPE Event [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
        <Event><System><Provider Name="&b;"/></System></Event>
        """;

    assertThatThrownBy(() -> EventXml.parse(xml)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_otherRoot_isRejected() {
    assertThatThrownBy(() -> EventXml.parse("<appcmd/>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an event: the root element is <appcmd>");
  }

  @Test
  void parse_withoutChannel_isRejected() {
    String xml = text("evt-was-5139.xml").replace("<Channel>System</Channel>", "");

    assertThatThrownBy(() -> EventXml.parse(xml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event XML without Channel");
  }

  @Test
  void parse_notANumberAsEventId_isRejected() {
    String xml = text("evt-was-5139.xml").replace(">5139<", ">x<");

    assertThatThrownBy(() -> EventXml.parse(xml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a number in EventID: \"x\"");
  }

  @Test
  void parse_blankOrBroken_isRejected() {
    assertThatThrownBy(() -> EventXml.parse(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no event XML");
    assertThatThrownBy(() -> EventXml.parse("<Event>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not well-formed event XML");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** {@code text} + NUL as UTF-16LE hex, the layout the SCM writes into a 7036's binary data. */
  static String binary(String text) {
    return HexFormat.of()
        .withUpperCase()
        .formatHex((text + "\0").getBytes(StandardCharsets.UTF_16LE));
  }

  private static String scm7036(String param1, String param2, String binaryHex) {
    return """
        <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
          <System>
            <Provider Name="Service Control Manager"/>
            <EventID Qualifiers="16384">7036</EventID>
            <Level>4</Level>
            <TimeCreated SystemTime="2026-01-05T09:00:00.0000000Z"/>
            <Channel>System</Channel>
          </System>
          <EventData>
            <Data Name="param1">%s</Data>
            <Data Name="param2">%s</Data>
            %s
          </EventData>
        </Event>
        """
        .formatted(param1, param2, binaryHex == null ? "" : "<Binary>" + binaryHex + "</Binary>");
  }

  /** A classic (non-manifest) Application event with unnamed data, as ANCM writes. */
  private static String classic(String level, String qualifiers) {
    return """
        <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
          <System>
            <Provider Name="IIS AspNetCore Module V2"/>
            <EventID%s>1010</EventID>
            %s
            <TimeCreated SystemTime="2026-01-05T09:00:00.0000000Z"/>
            <Channel>Application</Channel>
          </System>
          <EventData>
            <Data>Application '/LM/W3SVC/1/ROOT' failed to start.</Data>
            <Data></Data>
            <Binary>00</Binary>
          </EventData>
        </Event>
        """
        .formatted(
            qualifiers.isEmpty() ? "" : " Qualifiers=\"" + qualifiers + "\"",
            level.isEmpty() ? "" : "<Level>" + level + "</Level>");
  }
}
