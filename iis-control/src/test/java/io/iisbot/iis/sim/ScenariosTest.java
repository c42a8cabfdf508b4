package io.iisbot.iis.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.sim.Scenario.PoolSpec;
import io.iisbot.iis.sim.Scenario.SiteSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class ScenariosTest {

  static Stream<String> names() {
    return Scenarios.NAMES.stream();
  }

  @Test
  void names_listsTheFiveShippedScenarios() {
    assertThat(Scenarios.names())
        .containsExactly("healthy", "busy", "stuck-stop", "orphan-worker", "access-denied");
  }

  @ParameterizedTest
  @MethodSource("names")
  void load_everyShippedName_givesAScenarioAHostCanRun(String name) {
    Scenario scenario = Scenarios.load(name);

    assertThat(scenario).isEqualTo(Scenarios.named(name));
    assertThat(scenario.host()).matches("web0[1-5]");
    assertThat(scenario.description()).isNotBlank();
    assertThat(scenario.pools()).extracting(PoolSpec::name).contains("DefaultAppPool");
    assertThat(scenario.sites()).extracting(SiteSpec::name).contains("Default Web Site");
    SimulatedIisHost host = new SimulatedIisHost(scenario, VirtualClock.standard());
    assertThat(host.name()).isEqualTo(scenario.host());
    assertThat(host.sites()).hasSameSizeAs(scenario.sites());
  }

  @Test
  void load_nameInOtherCase_findsTheShippedScenario() {
    assertThat(Scenarios.load(" Busy ")).isEqualTo(Scenarios.named("busy"));
  }

  @Test
  void load_unknownName_failsListingTheNames() {
    assertThatThrownBy(() -> Scenarios.load("no-such"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"no-such\"")
        .hasMessageContaining("healthy, busy, stuck-stop, orphan-worker, access-denied");
  }

  @Test
  void named_unknownName_failsListingTheNames() {
    assertThatThrownBy(() -> Scenarios.named("no-such"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such")
        .hasMessageContaining("healthy, busy, stuck-stop, orphan-worker, access-denied");
  }

  @Test
  void parse_unknownField_failsNamingItAndItsPath() {
    String yaml =
        """
        pools:
          - name: P
            autoStrat: false
        """;

    assertThatThrownBy(() -> Scenarios.parse(yaml, "typo.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("scenario typo.yaml, at pools[0].autoStrat: ")
        .hasMessageContaining("\"autoStrat\"");
  }

  @Test
  void parse_siteWithMissingPool_failsWithThePath() {
    String yaml =
        """
        pools: [{name: P}]
        sites:
          - {name: S, pool: Nope}
        """;

    assertThatThrownBy(() -> Scenarios.parse(yaml, "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sites[0].pool")
        .hasMessageContaining("no pool named \"Nope\"");
  }

  @Test
  void parse_siteWithoutPoolAndNoDefaultAppPool_failsWithThePath() {
    assertThatThrownBy(() -> Scenarios.parse("pools: [{name: P}]\nsites: [{name: S}]\n", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sites[0].pool: no pool named \"DefaultAppPool\"");
  }

  @Test
  void parse_invalidDuration_quotesTheText() {
    String yaml =
        """
        pools:
          - name: P
            shutdownTimeLimit: 90 seconds
        """;

    assertThatThrownBy(() -> Scenarios.parse(yaml, "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pools[0].shutdownTimeLimit")
        .hasMessageContaining("\"90 seconds\"");
  }

  @Test
  void parse_nonPositiveShutdownTimeLimit_fails() {
    assertThatThrownBy(() -> Scenarios.parse("pools: [{name: P, shutdownTimeLimit: 0s}]", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shutdownTimeLimit: must be positive");
  }

  @Test
  void parse_faultNamingUnknownPool_fails() {
    assertThatThrownBy(() -> Scenarios.parse("pools: [{name: P}]\nfaults: {rapidFail: [Q]}\n", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("faults.rapidFail[0]: no such name \"Q\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"pools: [{name: P}\n", "pools:\n  - name: P\n bad: x\n", "host: \"web01\n"})
  void parse_syntaxError_givesOneLineWithLineAndColumn(String yaml) {
    assertThatThrownBy(() -> Scenarios.parse(yaml, "broken.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("scenario broken.yaml is not valid YAML at line ")
        .hasMessageMatching("[^\\n]* at line \\d+, column \\d+: [^\\n]+");
  }

  @Test
  void parse_minimalScenario_appliesIis10Defaults() {
    Scenario s =
        Scenarios.parse(
            """
            pools: [{name: DefaultAppPool}]
            sites: [{name: Default Web Site}]
            """,
            "t");

    assertThat(s.host()).isEqualTo("web01");
    assertThat(s.services()).isEmpty();
    assertThat(s.faults()).isEqualTo(Scenario.Faults.NONE);
    PoolSpec pool = s.pools().get(0);
    assertThat(pool.state()).isEqualTo(ObjectState.STARTED);
    assertThat(pool.autoStart()).isTrue();
    assertThat(pool.shutdownTimeLimit()).isEqualTo(Duration.ofSeconds(90));
    assertThat(pool.disallowOverlappingRotation()).isFalse();
    assertThat(pool.idleTimeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(pool.workers()).isEqualTo(1);
    SiteSpec site = s.sites().get(0);
    assertThat(site.pool()).isEqualTo("DefaultAppPool");
    assertThat(site.bindings()).containsExactly("http/*:80:");
    assertThat(site.state()).isEqualTo(ObjectState.STARTED);
    assertThat(site.serverAutoStart()).isTrue();
    assertThat(site.load()).isNull();
    assertThat(site.requests()).isEmpty();
  }

  @Test
  void parse_valuesInOperatorSpelling_areRead() {
    Scenario s =
        Scenarios.parse(
            """
            host: web09
            services:
              - {name: W3SVC, state: stopped, stopDelay: 1m30s}
            pools:
              - {name: A, state: stopped, autoStart: false, shutdownTimeLimit: 250ms}
            sites:
              - name: S
                pool: a
                serverAutoStart: false
                load: {perSecond: 5, durations: [2S, 1h]}
            """,
            "t");

    assertThat(s.host()).isEqualTo("web09");
    assertThat(s.services().get(0).state()).isEqualTo(ServiceState.STOPPED);
    assertThat(s.services().get(0).stopDelay()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.pools().get(0).state()).isEqualTo(ObjectState.STOPPED);
    assertThat(s.pools().get(0).workers()).isZero();
    assertThat(s.pools().get(0).autoStart()).isFalse();
    assertThat(s.pools().get(0).shutdownTimeLimit()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.sites().get(0).serverAutoStart()).isFalse();
    assertThat(s.sites().get(0).load().durations())
        .containsExactly(Duration.ofSeconds(2), Duration.ofHours(1));
  }

  @Test
  void parse_json_isAcceptedToo() {
    Scenario s =
        Scenarios.parse(
            """
            {"host": "json01",
             "pools": [{"name": "P", "shutdownTimeLimit": "45s"}],
             "sites": [{"name": "S", "pool": "P", "bindings": ["https/*:443:"]}],
             "faults": {"orphanWorker": ["P"]}}
            """,
            "t.json");

    assertThat(s.host()).isEqualTo("json01");
    assertThat(s.pools().get(0).shutdownTimeLimit()).isEqualTo(Duration.ofSeconds(45));
    assertThat(s.sites().get(0).bindings()).containsExactly("https/*:443:");
    assertThat(s.faults().orphanWorker()).containsExactly("P");
  }

  @Test
  void load_fileOnDisk_isParsed(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mine.yaml");
    Files.writeString(
        file,
        """
        host: disk01
        pools: [{name: P, workers: 2}]
        sites: [{name: S, pool: P}]
        """,
        StandardCharsets.UTF_8);

    Scenario s = Scenarios.load(file.toString());

    assertThat(s.host()).isEqualTo("disk01");
    assertThat(s.pools()).extracting(PoolSpec::workers).containsExactly(2);
    SimulatedIisHost host = SimulatedIisHost.of(file.toString(), VirtualClock.standard());
    assertThat(host.pools().get(0).workerPids()).hasSize(2);
  }

  @Test
  void load_invalidFileOnDisk_namesTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "pools: [{name: P, colour: blue}]\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Scenarios.load(file.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("colour");
  }

  @Test
  void parse_sameTextTwice_givesEqualScenarios() {
    String text = "pools: [{name: P}]\nsites: [{name: S, pool: P}]\n";

    assertThat(Scenarios.parse(text, "a")).isEqualTo(Scenarios.parse(text, "b"));
    assertThat(Scenarios.parse(text, "a")).hasToString("Scenario[web01: 1 pools, 1 sites]");
  }
}
