package io.iisbot.iis.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.Site;
import io.iisbot.iis.WorkerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class StopTest {

  @Test
  void stopHost_healthy_stopsSitesPoolsAndW3svcInOrder() {
    Harness h = Harness.of("healthy");

    OperationResult r = h.run(Action.STOP);

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.steps())
        .extracting(StepReport::name)
        .containsExactly("stop sites", "drain requests", "stop app pools", "stop W3SVC");
    assertThat(h.recorder.calls)
        .containsExactly(
            "stopSite Default Web Site",
            "stopSite api.contoso.com",
            "stopPool DefaultAppPool",
            "stopPool Api",
            "stopService W3SVC");
    assertThat(state(h, "W3SVC")).isEqualTo(ServiceState.STOPPED);
    assertThat(state(h, "WAS"))
        .as("stopping W3SVC leaves WAS running")
        .isEqualTo(ServiceState.RUNNING);
    assertThat(h.host.pools()).extracting(AppPool::state).containsOnly(ObjectState.STOPPED);
    assertThat(h.host.workers()).isEmpty();
    assertThat(r.verification().passed()).isTrue();
    assertThat(r.cutRequests()).isEmpty();
    assertThat(h.host.cutRequests()).isEmpty();
  }

  @Test
  void stopHost_drainFitsDeadline_cutsZeroRequests() {
    Harness h = Harness.of("busy");
    int inFlight = h.host.requests().total();

    OperationResult r =
        h.run(Action.STOP, Scope.host(), Options.defaults().withDrain(Duration.ofSeconds(150)));

    assertThat(inFlight).as("busy starts with requests in flight").isGreaterThan(50);
    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.cutRequests()).isEmpty();
    assertThat(h.host.cutRequests()).as("the simulation's own record").isEmpty();
    assertThat(r.events().contains(5013)).isFalse();
    assertThat(r.step("drain requests").orElseThrow().detail())
        .startsWith("drained " + inFlight + " requests in ");
    assertThat(h.host.servedRequests()).isGreaterThanOrEqualTo(inFlight);
  }

  @Test
  void stopHost_drainDoesNotFit_reportsExactlyTheCutRequestsAndWhy() {
    Harness h = Harness.of("busy");

    OperationResult r =
        h.run(Action.STOP, Scope.host(), Options.defaults().withDrain(Duration.ofSeconds(10)));

    List<String> truth = h.host.cutRequests().stream().map(c -> c.request().id()).toList();
    assertThat(truth).as("the two-minute report outlives drain + shutdownTimeLimit").hasSize(1);
    assertThat(r.cutRequests()).extracting(c -> c.request().id()).containsExactlyElementsOf(truth);
    CutRequest cut = r.cutRequests().get(0);
    assertThat(cut.request().url()).isEqualTo("/quarterly.pdf");
    assertThat(cut.request().pool()).isEqualTo("Reports");
    assertThat(cut.reason())
        .contains("WAS killed worker " + cut.request().workerPid())
        .contains("shutdownTimeLimit (60s)")
        .contains("event 5013");
    assertThat(r.events().contains(5013)).isTrue();
    assertThat(r.findings())
        .extracting(Finding::text)
        .anyMatch(t -> t.contains("still in flight when the 10s drain deadline passed"))
        .anyMatch(t -> t.contains("1 request cut"));
    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
  }

  @Test
  void stopHost_endlessRequest_isCutByWasAfterShutdownTimeLimit() {
    Harness h =
        Harness.yaml(
            """
            pools: [{name: DefaultAppPool, shutdownTimeLimit: 20s}]
            sites: [{name: Default Web Site, pool: DefaultAppPool}]
            faults: {endlessRequest: [Default Web Site]}
            """);

    OperationResult r =
        h.run(Action.STOP, Scope.host(), Options.defaults().withDrain(Duration.ofSeconds(5)));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.step("drain requests").orElseThrow().detail())
        .isEqualTo("deadline passed with 1 request in flight");
    assertThat(r.cutRequests())
        .singleElement()
        .satisfies(c -> assertThat(c.request().url()).isEqualTo("/events/stream"));
    assertThat(r.step("stop app pools").orElseThrow().took())
        .isBetween(
            Duration.ofSeconds(20),
            Duration.ofSeconds(20).plus(EngineSettings.defaults().pollInterval()));
  }

  @Test
  void stopAll_stopsW3svcThenActivatorsThenWas() {
    Harness h = Harness.of("busy");

    OperationResult r = h.run(Action.STOP, Scope.host(), Options.defaults().withAll(true));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.recorder.calls("stopService"))
        .containsExactly("stopService W3SVC", "stopService NetTcpActivator", "stopService WAS");
    assertThat(stoppedOrder(r, h)).containsExactly("W3SVC", "NetTcpActivator", "WAS");
    assertThat(h.host.services())
        .filteredOn(s -> !s.name().equals("HTTP"))
        .extracting(ServiceInfo::state)
        .containsOnly(ServiceState.STOPPED);
    assertThat(h.host.services())
        .filteredOn(s -> s.name().equals("WAS"))
        .extracting(ServiceInfo::pid)
        .containsExactly(0);
  }

  @Test
  void stopWasTree_withW3svcRunning_takesW3svcDownFirst() {
    Harness h = Harness.of("healthy");
    // Stop only the sites and pools first, as an operator might have done by hand.
    h.run(Action.SUSPEND);

    OperationResult r = h.run(Action.STOP, Scope.host(), Options.defaults().withAll(true));

    assertThat(r.step("stop WAS").orElseThrow().detail()).isEqualTo("stopped WAS");
    assertThat(r.step("stop W3SVC").orElseThrow().detail()).isEqualTo("stopped W3SVC");
    assertThat(stoppedOrder(r, h)).containsExactly("W3SVC", "WAS");
  }

  @Test
  void stopSite_stopsOnlyThatSite_andKeepsItsWorkers() {
    Harness h = Harness.of("busy");
    List<Integer> apiPids = pids(h, "Api");

    OperationResult r = h.run(Action.STOP, new Scope.Site("api.contoso.com"));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.recorder.calls).containsExactly("stopSite api.contoso.com");
    assertThat(site(h, "api.contoso.com").state()).isEqualTo(ObjectState.STOPPED);
    assertThat(site(h, "Default Web Site").state()).isEqualTo(ObjectState.STARTED);
    assertThat(pids(h, "Api")).as("stopping a site keeps its workers").isEqualTo(apiPids);
    assertThat(h.host.requests().requests())
        .extracting(ActiveRequest::site)
        .doesNotContain("api.contoso.com");
    assertThat(state(h, "W3SVC")).isEqualTo(ServiceState.RUNNING);
  }

  @Test
  void stopPool_stopsItsSitesDrainsAndStopsOnlyThatPool() {
    Harness h = Harness.of("busy");

    OperationResult r = h.run(Action.STOP, new Scope.Pool("api"));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.recorder.calls).containsExactly("stopSite api.contoso.com", "stopPool Api");
    assertThat(pool(h, "Api").state()).isEqualTo(ObjectState.STOPPED);
    assertThat(pool(h, "DefaultAppPool").state()).isEqualTo(ObjectState.STARTED);
    assertThat(h.host.workers()).extracting(WorkerProcess::pool).doesNotContain("Api");
    assertThat(r.cutRequests()).isEmpty();
  }

  @Test
  void stop_alreadyStopped_doesNothingAndSaysSo() {
    Harness h = Harness.of("healthy");
    h.run(Action.STOP);
    h.recorder.calls.clear();

    OperationResult r = h.run(Action.STOP);

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.recorder.calls).isEmpty();
    assertThat(r.findings())
        .extracting(Finding::text)
        .containsExactly("nothing to do: the host is already stopped");
  }

  @Test
  void stop_unknownSite_isRejectedWithTheSiteList() {
    Harness h = Harness.of("healthy");

    assertThatThrownBy(() -> h.run(Action.STOP, new Scope.Site("Defualt Web Site")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no site \"Defualt Web Site\" on web01; its sites are: Default Web Site, api.contoso.com");
    assertThat(h.recorder.calls).isEmpty();
  }

  @Test
  void stopPersist_clearsAutoStart_andStartRestoresIt() {
    Harness h = Harness.of("healthy");

    OperationResult stop = h.run(Action.STOP, Scope.host(), Options.defaults().withPersist(true));

    assertThat(stop.outcome()).as(Harness.describe(stop)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.host.pools()).extracting(AppPool::autoStart).containsOnly(false);
    assertThat(h.host.sites()).extracting(Site::serverAutoStart).containsOnly(false);

    OperationResult start = h.run(Action.START);

    assertThat(start.outcome()).as(Harness.describe(start)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(h.host.pools()).extracting(AppPool::autoStart).containsOnly(true);
    assertThat(h.host.sites()).extracting(Site::serverAutoStart).containsOnly(true);
    assertThat(h.host.sites()).extracting(Site::state).containsOnly(ObjectState.STARTED);
    assertThat(h.host.pools()).extracting(AppPool::state).containsOnly(ObjectState.STARTED);
  }

  @Test
  void stop_progress_reportsStepsRequestsLeftAndPids() {
    Harness h = Harness.of("busy");

    h.run(Action.STOP, Scope.host(), Options.defaults().withDrain(Duration.ofSeconds(150)));

    assertThat(h.progress(Progress.StepStarted.class))
        .extracting(Progress.StepStarted::step)
        .containsExactly("stop sites", "drain requests", "stop app pools", "stop W3SVC");
    List<Integer> left =
        h.progress(Progress.RequestsLeft.class).stream().map(Progress.RequestsLeft::count).toList();
    assertThat(left.get(0)).isGreaterThan(50);
    assertThat(left).last().isEqualTo(0);
    assertThat(left).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    assertThat(h.progress(Progress.WorkerPids.class))
        .extracting(Progress.WorkerPids::pool)
        .contains("DefaultAppPool", "Api", "Reports");
    assertThat(h.progress(Progress.StepFinished.class)).hasSize(4);
  }

  static List<String> stoppedOrder(OperationResult r, Harness h) {
    return h.host.events(r.startedAt(), r.finishedAt().plusMillis(1)).stream()
        .filter(e -> e.id() == 7036 && e.data().get("param2").equals("stopped"))
        .sorted(java.util.Comparator.comparing(EventRecord::time))
        .map(StopTest::keyName)
        .toList();
  }

  /** The service key name from 7036's binary data, as an operator's tooling would read it. */
  static String keyName(EventRecord e) {
    byte[] bytes = java.util.HexFormat.of().parseHex(e.data().get("Binary"));
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_16LE);
    return text.substring(0, text.indexOf('/'));
  }

  static ServiceState state(Harness h, String service) {
    return h.host.services().stream()
        .filter(s -> s.name().equals(service))
        .findFirst()
        .orElseThrow()
        .state();
  }

  static Site site(Harness h, String name) {
    return h.host.sites().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  static AppPool pool(Harness h, String name) {
    return h.host.pools().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  static List<Integer> pids(Harness h, String pool) {
    return h.host.workers().stream()
        .filter(w -> w.pool().equals(pool))
        .map(WorkerProcess::pid)
        .sorted()
        .toList();
  }
}
