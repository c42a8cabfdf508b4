package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.ObjectState;
import io.iisbot.iis.windows.AppcmdText.Details;
import io.iisbot.iis.windows.AppcmdText.ErrorBlock;
import io.iisbot.iis.windows.AppcmdText.RequestLine;
import io.iisbot.iis.windows.AppcmdText.TextObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

final class AppcmdTextTest {

  @Test
  void objects_apppoolFixture_namesAttributesStates() {
    List<TextObject> pools = AppcmdText.objects(AppcmdFixtures.read("appcmd-list-apppool.txt"));

    assertThat(pools)
        .containsExactly(
            new TextObject(
                "APPPOOL",
                "DefaultAppPool",
                Map.of("MgdVersion", "v2.0", "MgdMode", "Integrated", "state", "Started")),
            new TextObject(
                "APPPOOL",
                "Classic .NET AppPool",
                Map.of("MgdVersion", "v2.0", "MgdMode", "ISAPI", "state", "Started")));
    assertThat(pools).extracting(TextObject::state).containsOnly(ObjectState.STARTED);
  }

  @Test
  void objects_siteFixture_idsBindingsStates() {
    List<TextObject> sites = AppcmdText.objects(AppcmdFixtures.read("appcmd-list-site.txt"));

    assertThat(sites)
        .containsExactly(
            new TextObject(
                "SITE",
                "Default Web Site",
                Map.of("id", "1", "bindings", "HTTP/*:80:", "state", "Started")),
            new TextObject(
                "SITE", "Site1", Map.of("id", "2", "bindings", "http/*:81:", "state", "Started")),
            new TextObject(
                "SITE", "Site2", Map.of("id", "3", "bindings", "http/*:82:", "state", "Stopped")));
    assertThat(sites.get(2).state()).isEqualTo(ObjectState.STOPPED);
  }

  @Test
  void objects_severalBindings_commasInsideTheValueAreKept() {
    String line =
        "SITE \"Shop\" (id:4,bindings:http/*:80:shop.example,https/*:443:shop.example,"
            + "net.tcp/808:*,state:Started)";

    TextObject site = AppcmdText.objects(line).get(0);

    assertThat(site.attributes())
        .containsExactly(
            Map.entry("id", "4"),
            Map.entry("bindings", "http/*:80:shop.example,https/*:443:shop.example,net.tcp/808:*"),
            Map.entry("state", "Started"));
  }

  @Test
  void workers_wpFixture_pidToPool() {
    assertThat(AppcmdText.workers(AppcmdFixtures.read("appcmd-list-wp.txt")))
        .containsExactly(Map.entry(3577, "DefaultAppPool"));
  }

  @Test
  void requests_iis7Fixture_idVerbUrlElapsed() {
    assertThat(AppcmdText.requests(AppcmdFixtures.read("appcmd-list-requests.txt")))
        .containsExactly(
            new RequestLine(
                "fb0000008000000e", "GET", "/wait.aspx?time=10000", Duration.ofMillis(4276)));
  }

  @Test
  void requests_stageModuleFixture_idTrimmedExtraFieldsIgnored() {
    String text = AppcmdFixtures.read("appcmd-list-requests-elapsed-stage-module.txt");

    assertThat(AppcmdText.requests(text))
        .containsExactly(
            new RequestLine("fa000000080000026", "GET", "/loop.php", Duration.ofMillis(2840)));
    assertThat(AppcmdText.objects(text).get(0).attributes())
        .containsExactly(
            Map.entry("url", "GET /loop.php"),
            Map.entry("time", "2840 msec"),
            Map.entry("client", "localhost"),
            Map.entry("stage", "ExecuteRequestHandler"),
            Map.entry("module", "FastCgiModule"));
  }

  @Test
  void requests_urlWithCommaAndColon_staysOneUrl() {
    String line =
        "REQUEST \"a1\" (url:POST /api?ids=1,2,x:3&y=(4), time:15 msec, client:10.0.0.1,"
            + " futureField:z)";

    assertThat(AppcmdText.requests(line))
        .containsExactly(
            new RequestLine("a1", "POST", "/api?ids=1,2,x:3&y=(4)", Duration.ofMillis(15)));
  }

  @Test
  void requests_missingTimeAndVerb_zeroAndEmptyVerb() {
    assertThat(AppcmdText.requests("REQUEST \"b2\" (url:/only-path)"))
        .containsExactly(new RequestLine("b2", "", "/only-path", Duration.ZERO));
  }

  @Test
  void requests_otherLinesAndBlankOutput_areSkipped() {
    String output =
        "\r\nWP \"1\" (apppool:A)\r\nsome banner\r\nREQUEST \"c3\" (url:GET /,time:7 msec)\r\n";

    assertThat(AppcmdText.requests(output))
        .containsExactly(new RequestLine("c3", "GET", "/", Duration.ofMillis(7)));
    assertThat(AppcmdText.requests("")).isEmpty();
  }

  @Test
  void requests_timeNotANumber_isIllegalArgument() {
    assertThatThrownBy(() -> AppcmdText.requests("REQUEST \"d\" (url:GET /,time:soon)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an appcmd request time: \"soon\"");
  }

  @Test
  void details_apppoolTextStarFixture_sectionsBecomeKeyPrefixes() {
    List<Details> blocks =
        AppcmdText.details(AppcmdFixtures.read("appcmd-list-apppool-text-star.partial.txt"));

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("APPPOOL.NAME", "MyAppPool");
    expected.put("managedPipelineMode", "Integrated");
    expected.put("managedRuntimeVersion", "v2.0");
    expected.put("state", "Started");
    expected.put("add.name", "MyAppPool");
    expected.put("add.queueLength", "1000");
    expected.put("add.autoStart", "true");
    expected.put("add.enable32BitAppOnWin64", "false");
    expected.put("add.managedRuntimeVersion", "v2.0");
    expected.put("add.managedPipelineMode", "Integrated");
    expected.put("add.passAnonymousToken", "true");
    expected.put("add.processModel.identityType", "NetworkService");
    expected.put("add.processModel.userName", "");
    expected.put("add.processModel.password", "");
    assertThat(blocks).hasSize(1);
    assertThat(blocks.get(0).type()).isEqualTo("APPPOOL");
    assertThat(blocks.get(0).values()).containsExactlyEntriesOf(expected);
  }

  @Test
  void details_siteTextStarFixture_cutMarkIgnored() {
    List<Details> blocks =
        AppcmdText.details(AppcmdFixtures.read("appcmd-list-site-text-star.partial.txt"));

    assertThat(blocks)
        .containsExactly(
            new Details(
                "SITE",
                Map.of(
                    "SITE.NAME", "Default Web Site",
                    "SITE.ID", "2",
                    "bindings", "http/*:80:",
                    "state", "Started")));
  }

  @Test
  void recycleOutputFixture_isNeitherAnObjectNorAnError() {
    String output = AppcmdFixtures.read("appcmd-recycle-apppools-in-output.txt");

    assertThat(output.strip()).isEqualTo("\"TroubleshootingPhp\" successfully recycled");
    assertThat(AppcmdText.objects(output)).isEmpty();
    assertThat(AppcmdText.error(output)).isEmpty();
  }

  @Test
  void error_hresultAndMultiLineMessage_bothRead() {
    // Published in a 2018 blog post on `appcmd list requests` without Request Monitor.
    String output =
        "ERROR ( hresult:80004001, message:Command execution failed.\r\nNot implemented\r\n )";

    assertThat(AppcmdText.error(output))
        .contains(
            new ErrorBlock(
                "Command execution failed.\r\nNot implemented", OptionalInt.of(0x80004001)));
  }

  @Test
  void error_messageOnly_noHresult() {
    assertThat(AppcmdText.error("ERROR ( message:Cannot find SITE object with identifier \"x\". )"))
        .contains(
            new ErrorBlock("Cannot find SITE object with identifier \"x\".", OptionalInt.empty()));
  }

  @Test
  void lenientState_unknownText_isUnknown() {
    assertThat(AppcmdText.lenientState("Started")).isEqualTo(ObjectState.STARTED);
    assertThat(AppcmdText.lenientState("Paused")).isEqualTo(ObjectState.UNKNOWN);
    assertThat(AppcmdText.lenientState(null)).isEqualTo(ObjectState.UNKNOWN);
  }
}
