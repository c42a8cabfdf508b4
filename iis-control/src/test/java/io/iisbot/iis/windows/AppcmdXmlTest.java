package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.AppPool;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.Site;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class AppcmdXmlTest {

  /**
   * Hand-written in the shape of {@code list apppool /config:* /xml}: the fixture from a real run
   * is edited and lacks these attributes. Element order and unknown attributes vary on purpose.
   */
  static final String POOLS_CONFIG_XML =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <appcmd>
          <APPPOOL APPPOOL.NAME="Api" PipelineMode="Integrated" RuntimeVersion="v4.0" state="Stopped">
              <add name="Api" autoStart="false" managedRuntimeVersion="v4.0" queueLength="1000">
                  <recycling disallowOverlappingRotation="true" logEventOnRecycle="Time, OnDemand">
                      <periodicRestart time="1.05:00:00" />
                  </recycling>
                  <processModel identityType="ApplicationPoolIdentity" shutdownTimeLimit="00:02:05" />
              </add>
          </APPPOOL>
          <APPPOOL state="Started" futureAttribute="x" APPPOOL.NAME="Reports"><add name="Reports" /></APPPOOL>
      </appcmd>
      """;

  /** Hand-written in the shape of {@code list site /config:* /xml}. */
  static final String SITES_CONFIG_XML =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <appcmd>
          <SITE SITE.NAME="Default Web Site" SITE.ID="1" bindings="http/*:80:,https/*:443:" state="Started">
              <site name="Default Web Site" id="1" serverAutoStart="true">
                  <bindings><binding protocol="http" bindingInformation="*:80:" /></bindings>
              </site>
          </SITE>
          <SITE SITE.NAME="Api" SITE.ID="2" bindings="http/*:8080:api.example" state="Stopped">
              <site name="Api" id="2" serverAutoStart="false" />
          </SITE>
      </appcmd>
      """;

  /** Hand-written in the shape of {@code list app /xml}; the root app is not listed first. */
  static final String APPS_XML =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <appcmd>
          <APP APP.NAME="Default Web Site/api" APPPOOL.NAME="ApiPool" SITE.NAME="Default Web Site" />
          <APP APP.NAME="Default Web Site/" APPPOOL.NAME="DefaultAppPool" SITE.NAME="Default Web Site" />
          <APP APP.NAME="Default Web Site/legacy" APPPOOL.NAME="DefaultAppPool" SITE.NAME="Default Web Site" />
          <APP APP.NAME="Api/" APPPOOL.NAME="Api" SITE.NAME="Api" />
          <APP APP.NAME="Shop/" APPPOOL.NAME="ShopPool" />
      </appcmd>
      """;

  @Test
  void pools_editedConfigFixture_nameStateAndDefaults() {
    List<AppPool> pools =
        AppcmdXml.pools(AppcmdFixtures.read("appcmd-list-apppool-config.edited.xml"));

    assertThat(pools)
        .containsExactly(
            new AppPool(
                "[SiteName]", ObjectState.STARTED, true, Duration.ofSeconds(90), false, List.of()));
  }

  @Test
  void pools_configStar_readsAutoStartShutdownLimitAndOverlap() {
    assertThat(AppcmdXml.pools(POOLS_CONFIG_XML))
        .containsExactly(
            new AppPool(
                "Api", ObjectState.STOPPED, false, Duration.ofSeconds(125), true, List.of()),
            new AppPool(
                "Reports", ObjectState.STARTED, true, Duration.ofSeconds(90), false, List.of()));
  }

  @Test
  void pools_plainXmlWithoutConfig_usesDefaults() {
    // The shape hand-written in public unit tests: no nested configuration element at all.
    String xml = "<appcmd><APPPOOL APPPOOL.NAME=\"A\" state=\"Stopped\" /></appcmd>";

    assertThat(AppcmdXml.pools(xml))
        .containsExactly(
            new AppPool("A", ObjectState.STOPPED, true, Duration.ofSeconds(90), false, List.of()));
  }

  @ParameterizedTest
  @CsvSource({"Unknown, UNKNOWN", "Stopping, STOPPING", "Starting, STARTING", "'', UNKNOWN"})
  void pools_stateAttribute_mapsToObjectState(String state, ObjectState expected) {
    String xml = "<appcmd><APPPOOL APPPOOL.NAME=\"A\" state=\"" + state + "\"/></appcmd>";

    assertThat(AppcmdXml.pools(xml).get(0).state()).isEqualTo(expected);
  }

  @Test
  void pools_stateMissingOrStrange_isUnknown() {
    assertThat(AppcmdXml.pools("<appcmd><APPPOOL APPPOOL.NAME=\"A\"/></appcmd>").get(0).state())
        .isEqualTo(ObjectState.UNKNOWN);
    assertThat(
            AppcmdXml.pools("<appcmd><APPPOOL APPPOOL.NAME=\"A\" state=\"Paused\"/></appcmd>")
                .get(0)
                .state())
        .isEqualTo(ObjectState.UNKNOWN);
  }

  @Test
  void sites_testdataFixture_exactNamesIdsBindingsStates() {
    List<Site> sites = AppcmdXml.sites(AppcmdFixtures.read("appcmd-list-site.testdata.xml"));

    assertThat(sites)
        .containsExactly(
            new Site(
                "Default Web Site", 1, ObjectState.STARTED, List.of("http/*:80:"), List.of(), true),
            new Site(
                "Test Site", 2, ObjectState.STOPPED, List.of("https/*:443:"), List.of(), true));
  }

  @Test
  void sites_emptyFixture_isEmptyList() {
    assertThat(AppcmdXml.sites(AppcmdFixtures.read("appcmd-list-site-empty.testdata.xml")))
        .isEmpty();
  }

  @Test
  void sites_configStar_splitsBindingsAndReadsServerAutoStart() {
    assertThat(AppcmdXml.sites(SITES_CONFIG_XML))
        .containsExactly(
            new Site(
                "Default Web Site",
                1,
                ObjectState.STARTED,
                List.of("http/*:80:", "https/*:443:"),
                List.of(),
                true),
            new Site(
                "Api",
                2,
                ObjectState.STOPPED,
                List.of("http/*:8080:api.example"),
                List.of(),
                false));
  }

  @Test
  void workers_testdataFixtureWithTab_pidToPoolInOrder() {
    Map<Integer, String> workers =
        AppcmdXml.workers(AppcmdFixtures.read("appcmd-list-wp.testdata.xml"));

    assertThat(workers).containsExactly(Map.entry(1001, "AppPool1"), Map.entry(1002, "AppPool2"));
  }

  @Test
  void apps_rootAndChildren_siteAndPathAndPool() {
    assertThat(AppcmdXml.apps(APPS_XML))
        .containsExactly(
            new AppcmdXml.App("Default Web Site", "/api", "ApiPool"),
            new AppcmdXml.App("Default Web Site", "/", "DefaultAppPool"),
            new AppcmdXml.App("Default Web Site", "/legacy", "DefaultAppPool"),
            new AppcmdXml.App("Api", "/", "Api"),
            new AppcmdXml.App("Shop", "/", "ShopPool"));
  }

  @Test
  void poolsBySite_rootFirstEachOnceCaseInsensitive() {
    Map<String, List<String>> pools = AppcmdXml.poolsBySite(AppcmdXml.apps(APPS_XML));

    assertThat(pools.get("Default Web Site")).containsExactly("DefaultAppPool", "ApiPool");
    assertThat(pools.get("default web site")).containsExactly("DefaultAppPool", "ApiPool");
    assertThat(pools.get("Api")).containsExactly("Api");
    assertThat(pools.get("Shop")).containsExactly("ShopPool");
    assertThat(pools).hasSize(3);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "  \r\n",
        "<appcmd></appcmd>",
        "<appcmd>\t</appcmd>",
        "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<appcmd>\n</appcmd>\n",
        "\n  <?xml version=\"1.0\"?><appcmd/>"
      })
  void everyList_emptyOutput_isEmpty(String xml) {
    assertThat(AppcmdXml.pools(xml)).isEmpty();
    assertThat(AppcmdXml.sites(xml)).isEmpty();
    assertThat(AppcmdXml.apps(xml)).isEmpty();
    assertThat(AppcmdXml.workers(xml)).isEmpty();
  }

  @Test
  void root_externalEntity_isRefusedWithoutReadingTheFile() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE appcmd [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + "<appcmd><WP WP.NAME=\"1\" APPPOOL.NAME=\"&xxe;\"/></appcmd>";

    assertThatThrownBy(() -> AppcmdXml.workers(xxe))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DOCTYPE")
        .hasMessageNotContaining("root:");
  }

  @Test
  void root_entityExpansionBomb_isRefused() {
    String bomb =
        "<?xml version=\"1.0\"?><!DOCTYPE appcmd [<!ENTITY a \"aaaaaaaaaa\">"
            + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;\">]>"
            + "<appcmd><WP WP.NAME=\"1\" APPPOOL.NAME=\"&c;\"/></appcmd>";

    assertThatThrownBy(() -> AppcmdXml.workers(bomb))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void root_externalDtd_isRefused() {
    String dtd =
        "<?xml version=\"1.0\"?><!DOCTYPE appcmd SYSTEM \"http://127.0.0.1:9/x.dtd\"><appcmd/>";

    assertThatThrownBy(() -> AppcmdXml.sites(dtd))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DOCTYPE");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<appcmd><WP WP.NAME=\"1\"",
        "<html><WP WP.NAME=\"1\"/></html>",
        "ERROR ( message:Access is denied. )"
      })
  void root_notAppcmdXml_isIllegalArgument(String text) {
    assertThatThrownBy(() -> AppcmdXml.workers(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void workers_pidNotANumber_isIllegalArgumentNamingIt() {
    assertThatThrownBy(
            () -> AppcmdXml.workers("<appcmd><WP WP.NAME=\"abc\" APPPOOL.NAME=\"A\"/></appcmd>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a worker process id: \"abc\"");
  }

  @Test
  void pools_nameMissing_isIllegalArgumentNamingTheAttribute() {
    assertThatThrownBy(() -> AppcmdXml.pools("<appcmd><APPPOOL state=\"Started\"/></appcmd>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("<APPPOOL> without the APPPOOL.NAME attribute");
  }

  @Test
  void pools_autoStartNotBoolean_isIllegalArgument() {
    String xml =
        "<appcmd><APPPOOL APPPOOL.NAME=\"A\"><add autoStart=\"maybe\"/></APPPOOL></appcmd>";

    assertThatThrownBy(() -> AppcmdXml.pools(xml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("autoStart is not true or false: \"maybe\"");
  }

  @ParameterizedTest
  @CsvSource({
    "00:01:30, PT1M30S",
    "00:00:00, PT0S",
    "00:20:00, PT20M",
    "1.00:00:00, PT24H",
    "1.05:00:00, PT29H",
    "00:00:00.5, PT0.5S",
    "00:00:01.2500000, PT1.25S",
    "23:59:59.9999999, PT23H59M59.9999999S"
  })
  void timeSpan_dotNetFormat_isDuration(String text, Duration expected) {
    assertThat(AppcmdXml.timeSpan(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"90", "1:2", "", "00:01:30s", "-00:01:30"})
  void timeSpan_notATimeSpan_isIllegalArgument(String text) {
    assertThatThrownBy(() -> AppcmdXml.timeSpan(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a TimeSpan: \"" + text + "\"");
  }
}
