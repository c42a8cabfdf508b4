package io.iisbot.iis.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.EventLevel;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.IisException;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.Site;
import io.iisbot.iis.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class SimulatedIisHostTest {

  private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

  /** The svchost of W3SVC and WAS on a fresh host: the first pid the allocator hands out. */
  private static final int SVCHOST = 1368;

  /** One pool, one site, two scripted requests: one shorter and one longer than the limit. */
  private static final String ONE_POOL =
      """
      host: t1
      pools:
        - name: P
          shutdownTimeLimit: 30s
      sites:
        - name: S
          id: 1
          pool: P
          requests:
            - {at: 0s, duration: 5s, url: /short}
            - {at: 0s, duration: 2m, url: /long}
      """;

  private static final String RECYCLE =
      """
      host: t1
      pools:
        - name: P
          disallowOverlappingRotation: %s
      sites:
        - name: S
          id: 1
          pool: P
          requests:
            - {at: 0s, duration: 10s, url: /old}
            - {at: 2s, duration: 1s, url: /new}
      """;

  private static final String STEADY_LOAD =
      """
      host: t1
      pools:
        - name: P
      sites:
        - name: S
          id: 1
          pool: P
          load: {perSecond: 2, durations: [1s], urls: [/page]}
      """;

  private final VirtualClock clock = VirtualClock.standard();

  // ---- services ------------------------------------------------------------------------------

  @Test
  void services_onHealthyHost_w3svcAndWasShareOneSvchostAndHttpIsPidZero() {
    SimulatedIisHost host = named("healthy");

    assertThat(service(host, "HTTP").pid()).isZero();
    assertThat(service(host, "WAS").pid()).isEqualTo(SVCHOST);
    assertThat(service(host, "W3SVC").pid()).isEqualTo(SVCHOST);
    assertThat(host.services())
        .extracting(ServiceInfo::name)
        .containsExactly("HTTP", "WAS", "W3SVC");
    assertThat(host.services()).extracting(ServiceInfo::state).containsOnly(ServiceState.RUNNING);
  }

  @Test
  void services_whenRunning_onlyWasAcceptsPause() {
    SimulatedIisHost host = named("healthy");

    assertThat(service(host, "W3SVC").acceptsPause()).isFalse();
    assertThat(service(host, "WAS").acceptsPause()).isTrue();
    assertThat(service(host, "HTTP").acceptsPause()).isFalse();
  }

  @Test
  void services_dependencies_w3svcNeedsHttpAndWas() {
    SimulatedIisHost host = named("healthy");

    assertThat(service(host, "W3SVC").dependsOn()).containsExactly("HTTP", "WAS");
    assertThat(service(host, "WAS").dependents()).containsExactly("W3SVC");
    assertThat(service(host, "HTTP").dependents()).containsExactly("W3SVC");
    assertThat(service(host, "W3SVC").dependents()).isEmpty();
  }

  @Test
  void services_onBusyHost_listenerAdapterIsAnotherWasDependent() {
    SimulatedIisHost host = named("busy");

    assertThat(service(host, "WAS").dependents()).containsExactly("W3SVC", "NetTcpActivator");
    ServiceInfo tcp = service(host, "NetTcpActivator");
    assertThat(tcp.displayName()).isEqualTo("Net.Tcp Listener Adapter");
    assertThat(tcp.dependsOn()).containsExactly("WAS");
    assertThat(tcp.pid()).isNotZero().isNotEqualTo(service(host, "WAS").pid());
  }

  @Test
  void stopService_withRunningDependents_fails1051() {
    SimulatedIisHost host = named("healthy");

    IisException e = failure(() -> host.stopService("WAS"));

    assertThat(e.code()).isEqualTo(IisException.DEPENDENT_SERVICES_RUNNING);
    assertThat(e.target()).isEqualTo("WAS");
    assertThat(e.getMessage()).contains("W3SVC").contains("error 1051");
    assertThat(service(host, "WAS").state()).isEqualTo(ServiceState.RUNNING);
  }

  @Test
  void stopService_wasOnBusyHost_fails1051NamingEveryRunningDependent() {
    SimulatedIisHost host = named("busy");

    IisException e = failure(() -> host.stopService("WAS"));

    assertThat(e.code()).isEqualTo(1051);
    assertThat(e.hint()).contains("W3SVC, NetTcpActivator");
  }

  @Test
  void stopService_w3svc_isStopPendingWithAdvancingCheckpointThenStopped() {
    SimulatedIisHost host = named("healthy");

    host.stopService("W3SVC");

    ServiceInfo pending = service(host, "W3SVC");
    assertThat(pending.state()).isEqualTo(ServiceState.STOP_PENDING);
    assertThat(pending.waitHint()).isEqualTo(Duration.ofSeconds(30));
    assertThat(pending.checkpoint()).isEqualTo(1);
    assertThat(pending.pid()).isEqualTo(SVCHOST);

    at(Duration.ofSeconds(1));
    assertThat(service(host, "W3SVC").checkpoint()).isEqualTo(2);
    at(Duration.ofMillis(2999));
    assertThat(service(host, "W3SVC").state()).isEqualTo(ServiceState.STOP_PENDING);
    assertThat(service(host, "W3SVC").checkpoint()).isEqualTo(4);

    at(Duration.ofSeconds(3));
    ServiceInfo stopped = service(host, "W3SVC");
    assertThat(stopped.state()).isEqualTo(ServiceState.STOPPED);
    assertThat(stopped.pid()).isZero();
    assertThat(stopped.checkpoint()).isZero();
    assertThat(stopped.waitHint()).isZero();
    // Stopping W3SVC leaves WAS, and so the shared svchost, running.
    assertThat(service(host, "WAS").state()).isEqualTo(ServiceState.RUNNING);
    assertThat(service(host, "WAS").pid()).isEqualTo(SVCHOST);
  }

  @Test
  void stopService_wasAfterW3svcStopped_stopsAfterItsDelay() {
    SimulatedIisHost host = named("healthy");
    host.stopService("W3SVC");
    at(Duration.ofSeconds(3));

    host.stopService("WAS");

    assertThat(service(host, "WAS").state()).isEqualTo(ServiceState.STOP_PENDING);
    at(Duration.ofMillis(4499));
    assertThat(service(host, "WAS").state()).isEqualTo(ServiceState.STOP_PENDING);
    at(Duration.ofMillis(4500));
    assertThat(service(host, "WAS").state()).isEqualTo(ServiceState.STOPPED);
    assertThat(service(host, "WAS").pid()).isZero();
    assertThat(service(host, "WAS").acceptsPause()).isFalse();
    assertThat(service(host, "HTTP").state()).isEqualTo(ServiceState.RUNNING);
  }

  @Test
  void stopService_whileStopPending_fails1052() {
    SimulatedIisHost host = named("healthy");
    host.stopService("W3SVC");

    IisException e = failure(() -> host.stopService("W3SVC"));

    assertThat(e.code()).isEqualTo(IisException.INVALID_SERVICE_CONTROL);
    assertThat(e.isTransient()).isFalse();
  }

  @Test
  void startService_whileRunning_fails1056() {
    SimulatedIisHost host = named("healthy");

    IisException e = failure(() -> host.startService("W3SVC"));

    assertThat(e.code()).isEqualTo(IisException.SERVICE_ALREADY_RUNNING);
  }

  @Test
  void startService_whileStopPending_fails1061AndIsTransient() {
    SimulatedIisHost host = named("healthy");
    host.stopService("W3SVC");

    IisException e = failure(() -> host.startService("W3SVC"));

    assertThat(e.code()).isEqualTo(IisException.SERVICE_CANNOT_ACCEPT_CTRL);
    assertThat(e.isTransient()).isTrue();
  }

  @Test
  void stopService_whenStopped_fails1062() {
    SimulatedIisHost host = named("healthy");
    host.stopService("W3SVC");
    at(Duration.ofSeconds(3));

    IisException e = failure(() -> host.stopService("W3SVC"));

    assertThat(e.code()).isEqualTo(IisException.SERVICE_NOT_ACTIVE);
  }

  @Test
  void controlService_unknownName_fails1060() {
    SimulatedIisHost host = named("healthy");

    assertThat(failure(() -> host.stopService("NoSuchService")).code())
        .isEqualTo(IisException.SERVICE_DOES_NOT_EXIST);
    assertThat(failure(() -> host.startService("NoSuchService")).code())
        .isEqualTo(IisException.SERVICE_DOES_NOT_EXIST);
  }

  @Test
  void startService_w3svcWithWasStopped_startsWasFirstInANewSharedSvchost() {
    SimulatedIisHost host = named("healthy");
    stopW3svcAndWas(host);

    host.startService("W3SVC");

    ServiceInfo was = service(host, "WAS");
    ServiceInfo w3svc = service(host, "W3SVC");
    assertThat(was.state()).isEqualTo(ServiceState.START_PENDING);
    assertThat(w3svc.state()).isEqualTo(ServiceState.START_PENDING);
    assertThat(was.pid()).isNotZero().isNotEqualTo(SVCHOST).isEqualTo(w3svc.pid());

    at(Duration.ofMillis(5500));
    assertThat(service(host, "WAS").state()).isEqualTo(ServiceState.RUNNING);
    assertThat(service(host, "W3SVC").state()).isEqualTo(ServiceState.START_PENDING);

    at(Duration.ofMillis(7500));
    assertThat(service(host, "W3SVC").state()).isEqualTo(ServiceState.RUNNING);
    assertThat(service(host, "W3SVC").pid()).isEqualTo(was.pid());
    assertThat(
            events(host).stream()
                .filter(e -> e.id() == 7036 && "running".equals(e.data().get("param2"))))
        .extracting(e -> binaryText(e), EventRecord::time)
        .containsExactly(
            tuple("WAS/4\0", T0.plusMillis(5500)), tuple("W3SVC/4\0", T0.plusMillis(7500)));
  }

  @Test
  void startService_afterWasRestart_bringsBackAutoStartPoolsAndSites() {
    SimulatedIisHost host = named("healthy");
    // Start/stop do not change the flags; the flags decide what comes back.
    host.stopSite("api.contoso.com");
    host.stopPool("Api");
    host.setPoolAutoStart("DefaultAppPool", false);
    host.setSiteAutoStart("Default Web Site", false);
    stopW3svcAndWas(host);

    host.startService("W3SVC");
    at(Duration.ofMillis(5500));

    assertThat(pool(host, "Api").state()).isEqualTo(ObjectState.STARTED);
    assertThat(pool(host, "DefaultAppPool").state()).isEqualTo(ObjectState.STOPPED);
    assertThat(pool(host, "Api").autoStart()).isTrue();
    assertThat(host.sites()).extracting(Site::state).containsOnly(ObjectState.UNKNOWN);

    at(Duration.ofMillis(7500));
    assertThat(site(host, "api.contoso.com").state()).isEqualTo(ObjectState.STARTED);
    assertThat(site(host, "api.contoso.com").serverAutoStart()).isTrue();
    assertThat(site(host, "Default Web Site").state()).isEqualTo(ObjectState.STOPPED);

    // The api site's clients come back and WAS starts a worker for them on demand.
    at(Duration.ofSeconds(8));
    assertThat(pool(host, "Api").workerPids()).hasSize(1);
    assertThat(host.requests().requests())
        .extracting(ActiveRequest::site)
        .contains("api.contoso.com");
    assertThat(pool(host, "DefaultAppPool").workerPids()).isEmpty();
  }

  @Test
  void events_onServiceTransitions_write7036WithKeyNameAndStateInBinary() {
    SimulatedIisHost host = named("healthy");

    host.stopService("W3SVC");
    at(Duration.ofMillis(2999));
    assertThat(events(host)).as("no 7036 for a pending state").isEmpty();
    at(Duration.ofSeconds(3));
    host.startService("W3SVC");
    at(Duration.ofSeconds(5));

    List<EventRecord> events = events(host);
    assertThat(events).hasSize(2);
    EventRecord stopped = events.get(0);
    assertThat(stopped.id()).isEqualTo(7036);
    assertThat(stopped.log()).isEqualTo("System");
    assertThat(stopped.provider()).isEqualTo("Service Control Manager");
    assertThat(stopped.level()).isEqualTo(EventLevel.INFORMATION);
    assertThat(stopped.time()).isEqualTo(T0.plusSeconds(3));
    assertThat(stopped.data())
        .containsEntry("param1", "World Wide Web Publishing Service")
        .containsEntry("param2", "stopped");
    assertThat(binaryText(stopped)).isEqualTo("W3SVC/1\0");
    assertThat(stopped.data().get("Binary")).isEqualTo("570033005300560043002F0031000000");

    EventRecord running = events.get(1);
    assertThat(running.id()).isEqualTo(7036);
    assertThat(running.time()).isEqualTo(T0.plusSeconds(5));
    assertThat(running.data())
        .containsEntry("param1", "World Wide Web Publishing Service")
        .containsEntry("param2", "running");
    assertThat(binaryText(running)).isEqualTo("W3SVC/4\0");
  }

  @Test
  void events_wasTransitions_useItsOwnKeyAndDisplayName() {
    SimulatedIisHost host = named("healthy");
    stopW3svcAndWas(host);

    EventRecord wasStopped = events(host).get(1);
    assertThat(wasStopped.time()).isEqualTo(T0.plusMillis(4500));
    assertThat(wasStopped.data()).containsEntry("param1", "Windows Process Activation Service");
    assertThat(binaryText(wasStopped)).isEqualTo("WAS/1\0");
  }

  @Test
  void sites_whileW3svcStopped_reportUnknownButPoolsKeepTheirState() {
    SimulatedIisHost host = named("healthy");
    host.stopService("W3SVC");
    at(Duration.ofSeconds(3));

    assertThat(host.sites()).extracting(Site::state).containsOnly(ObjectState.UNKNOWN);
    assertThat(host.pools()).extracting(AppPool::state).containsOnly(ObjectState.STARTED);
  }

  @Test
  void pools_whileWasStopped_reportUnknown() {
    SimulatedIisHost host = named("healthy");
    stopW3svcAndWas(host);

    assertThat(host.pools()).extracting(AppPool::state).containsOnly(ObjectState.UNKNOWN);
    assertThat(host.sites()).extracting(Site::state).containsOnly(ObjectState.UNKNOWN);
    assertThat(host.workers()).isEmpty();
  }

  // ---- sites and load ------------------------------------------------------------------------

  @Test
  void stopSite_withSteadyLoad_stopsArrivalsDrainsRequestsAndKeepsTheWorker() {
    SimulatedIisHost host = yaml(STEADY_LOAD);
    int worker = SVCHOST + 4;
    // One request in flight from before the start, arriving every 500ms, each taking 1s.
    assertThat(host.requests().requests())
        .extracting(ActiveRequest::id, ActiveRequest::elapsed, ActiveRequest::workerPid)
        .containsExactly(tuple("fb00000080000000", Duration.ofMillis(500), worker));

    at(Duration.ofSeconds(1));
    assertThat(host.requests().requests())
        .extracting(ActiveRequest::id)
        .containsExactly("fb00000080000001", "fb00000080000002");
    assertThat(host.servedRequests()).isEqualTo(1);

    host.stopSite("S");
    assertThat(site(host, "S").state()).isEqualTo(ObjectState.STOPPED);

    at(Duration.ofSeconds(2));
    assertThat(host.requests().total()).isZero();
    assertThat(host.servedRequests()).isEqualTo(3);
    at(Duration.ofMinutes(1));
    assertThat(host.requests().total()).isZero();
    assertThat(host.servedRequests()).isEqualTo(3);
    assertThat(host.refusedRequests()).as("a stopped site generates no arrivals").isZero();
    assertThat(pool(host, "P").workerPids()).containsExactly(worker);
    assertThat(host.workers()).extracting(WorkerProcess::pid).containsExactly(worker);
    assertThat(host.cutRequests()).isEmpty();

    host.startSite("S");
    at(Duration.ofMillis(60_500));
    assertThat(host.requests().requests())
        .extracting(ActiveRequest::id, ActiveRequest::workerPid)
        .containsExactly(tuple("fb00000080000003", worker));
  }

  @Test
  void requests_scriptedForAStoppedSite_areRefused() {
    SimulatedIisHost host =
        yaml(
            """
            pools: [{name: P}]
            sites:
              - name: S
                pool: P
                requests: [{at: 5s, duration: 1s}]
            """);
    at(Duration.ofSeconds(1));
    host.stopSite("S");

    at(Duration.ofSeconds(5));

    assertThat(host.refusedRequests()).isEqualTo(1);
    assertThat(host.requests().total()).isZero();
  }

  @Test
  void requests_toStartedSiteOfStoppedPool_areRefused() {
    SimulatedIisHost host = yaml(STEADY_LOAD);
    at(Duration.ofSeconds(1));
    host.stopPool("P");

    at(Duration.ofMillis(3000));

    // Arrivals at 1.5s, 2s, 2.5s and 3s get 503.
    assertThat(host.refusedRequests()).isEqualTo(4);
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STOPPED);
  }

  // ---- pools ---------------------------------------------------------------------------------

  @Test
  void stopPool_withShortRequests_workersFinishThenExit() {
    SimulatedIisHost host = yaml(ONE_POOL.replace("- {at: 0s, duration: 2m, url: /long}", ""));
    int worker = SVCHOST + 4;
    at(Duration.ofSeconds(1));

    host.stopPool("P");

    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STOPPING);
    assertThat(pool(host, "P").workerPids()).containsExactly(worker);
    at(Duration.ofMillis(5499));
    assertThat(host.requests().total()).isZero();
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STOPPING);
    assertThat(host.workers()).extracting(WorkerProcess::pid).containsExactly(worker);

    at(Duration.ofMillis(5500));
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STOPPED);
    assertThat(pool(host, "P").workerPids()).isEmpty();
    assertThat(host.workers()).isEmpty();
    at(Duration.ofMinutes(5));
    assertThat(events(host)).isEmpty();
    assertThat(host.cutRequests()).isEmpty();
    assertThat(host.servedRequests()).isEqualTo(1);
  }

  @Test
  void stopPool_withRequestLongerThanShutdownTimeLimit_killsWorkerAtTheLimitWith5013() {
    SimulatedIisHost host = yaml(ONE_POOL);
    int worker = SVCHOST + 4;
    at(Duration.ofSeconds(1));

    host.stopPool("P");

    at(Duration.ofMillis(30_999));
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STOPPING);
    assertThat(host.workers()).extracting(WorkerProcess::pid).containsExactly(worker);
    assertThat(host.requests().requests()).extracting(ActiveRequest::url).containsExactly("/long");
    assertThat(events(host)).isEmpty();

    at(Duration.ofSeconds(31));
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STOPPED);
    assertThat(host.workers()).isEmpty();
    assertThat(host.requests().total()).isZero();
    assertThat(events(host))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo(5013);
              assertThat(e.provider()).isEqualTo("Microsoft-Windows-WAS");
              assertThat(e.level()).isEqualTo(EventLevel.WARNING);
              assertThat(e.time()).isEqualTo(T0.plusSeconds(31));
              assertThat(e.data())
                  .containsEntry("ProcessID", Integer.toString(worker))
                  .containsEntry("AppPoolID", "P");
            });
    assertThat(host.cutRequests())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.request().url()).isEqualTo("/long");
              assertThat(c.request().workerPid()).isEqualTo(worker);
              assertThat(c.request().elapsed()).isEqualTo(Duration.ofSeconds(31));
              assertThat(c.at()).isEqualTo(T0.plusSeconds(31));
              assertThat(c.reason()).contains("5013").contains("30s");
            });
    assertThat(host.servedRequests()).isEqualTo(1);
  }

  @Test
  void stopPool_reportsOnBusyHost_cutsTheQuarterlyReportAfterSixtySeconds() {
    SimulatedIisHost host = named("busy");
    at(Duration.ofSeconds(10));
    List<Integer> reportWorkers = pool(host, "Reports").workerPids();
    assertThat(reportWorkers).hasSize(1);

    host.stopPool("Reports");
    at(Duration.ofSeconds(70));

    assertThat(pool(host, "Reports").state()).isEqualTo(ObjectState.STOPPED);
    assertThat(host.cutRequests())
        .extracting(c -> c.request().url(), SimulatedIisHost.CutRequest::at)
        .containsExactly(tuple("/quarterly.pdf", T0.plusSeconds(70)));
    assertThat(events(host))
        .filteredOn(e -> e.id() == 5013)
        .singleElement()
        .extracting(e -> e.data().get("ProcessID"))
        .isEqualTo(Integer.toString(reportWorkers.get(0)));
  }

  @Test
  void stopPool_whenAlreadyStopped_failsAndLeavesItStopped() {
    SimulatedIisHost host = yaml(STEADY_LOAD);
    host.stopPool("P");
    at(Duration.ofSeconds(5));

    IisException e = failure(() -> host.stopPool("P"));

    assertThat(e.code()).isEqualTo(0x80070426);
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STOPPED);
  }

  @Test
  void startPool_whileStopping_failsTransient() {
    SimulatedIisHost host = yaml(ONE_POOL);
    at(Duration.ofSeconds(1));
    host.stopPool("P");

    IisException e = failure(() -> host.startPool("P"));

    assertThat(e.code()).isEqualTo(IisException.HRESULT_CANNOT_ACCEPT_CTRL);
    assertThat(e.isTransient()).isTrue();
  }

  @Test
  void poolOperation_unknownPool_failsNotFound() {
    SimulatedIisHost host = named("healthy");

    assertThat(failure(() -> host.stopPool("Nope")).code()).isEqualTo(IisException.NOT_FOUND);
    assertThat(failure(() -> host.stopSite("Nope")).code()).isEqualTo(IisException.NOT_FOUND);
  }

  @Test
  void recyclePool_overlapped_startsNewWorkerBeforeTheOldOneExits() {
    SimulatedIisHost host = yaml(RECYCLE.formatted("false"));
    int old = SVCHOST + 4;
    int fresh = old + 4;
    at(Duration.ofSeconds(1));

    host.recyclePool("P");

    assertThat(pool(host, "P").workerPids()).containsExactly(old, fresh);
    assertThat(host.workers()).extracting(WorkerProcess::pid).containsExactly(old, fresh);
    assertThat(events(host))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo(5079);
              assertThat(e.provider()).isEqualTo("Microsoft-Windows-WAS");
              assertThat(e.time()).isEqualTo(T0.plusSeconds(1));
              assertThat(e.data())
                  .containsEntry("ProcessID", Integer.toString(old))
                  .containsEntry("AppPoolID", "P");
            });

    at(Duration.ofSeconds(2));
    assertThat(host.requests().requests())
        .extracting(ActiveRequest::url, ActiveRequest::workerPid)
        .containsExactly(tuple("/old", old), tuple("/new", fresh));

    at(Duration.ofMillis(10_499));
    assertThat(pool(host, "P").workerPids()).containsExactly(old, fresh);
    at(Duration.ofMillis(10_500));
    assertThat(pool(host, "P").workerPids()).containsExactly(fresh);
    assertThat(host.workers()).extracting(WorkerProcess::pid).containsExactly(fresh);
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STARTED);
    assertThat(host.cutRequests()).isEmpty();
    assertThat(host.servedRequests()).isEqualTo(2);
  }

  @Test
  void recyclePool_disallowOverlappingRotation_oldWorkerExitsBeforeTheNewOneStarts() {
    SimulatedIisHost host = yaml(RECYCLE.formatted("true"));
    int old = SVCHOST + 4;
    int fresh = old + 4;
    at(Duration.ofSeconds(1));

    host.recyclePool("P");

    assertThat(pool(host, "P").workerPids()).containsExactly(old);
    assertThat(events(host)).extracting(EventRecord::id).containsExactly(5079);
    for (long ms = 1000; ms <= 12_000; ms += 250) {
      at(Duration.ofMillis(ms));
      assertThat(host.workers()).as("workers at +%dms", ms).hasSizeLessThanOrEqualTo(1);
      assertThat(pool(host, "P").workerPids()).hasSizeLessThanOrEqualTo(1);
      if (ms == 2000) {
        // In the gap a new request waits for a worker.
        assertThat(host.requests().requests())
            .extracting(ActiveRequest::url, ActiveRequest::workerPid)
            .containsExactly(tuple("/old", old), tuple("/new", 0));
      }
      if (ms == 10_250) {
        assertThat(pool(host, "P").workerPids()).containsExactly(old);
      }
    }
    assertThat(pool(host, "P").workerPids()).containsExactly(fresh);
    assertThat(host.cutRequests()).isEmpty();
  }

  @Test
  void recyclePool_disallowOverlappingRotation_queuedRequestRunsItsFullDurationOnTheNewWorker() {
    SimulatedIisHost host = yaml(RECYCLE.formatted("true"));
    int fresh = SVCHOST + 8;
    at(Duration.ofSeconds(1));
    host.recyclePool("P");

    at(Duration.ofMillis(10_500));
    assertThat(host.requests().requests())
        .extracting(ActiveRequest::url, ActiveRequest::workerPid)
        .containsExactly(tuple("/new", fresh));
    at(Duration.ofMillis(11_499));
    assertThat(host.requests().total()).isEqualTo(1);
    at(Duration.ofMillis(11_500));
    assertThat(host.requests().total()).isZero();
  }

  @Test
  void idleTimeout_workerWithoutRequests_shutsDownWith5186() {
    SimulatedIisHost host =
        yaml(
            """
            pools:
              - name: P
                idleTimeout: 1m
            """);
    int worker = SVCHOST + 4;

    at(Duration.ofMillis(59_999));
    assertThat(events(host)).isEmpty();
    assertThat(host.workers()).extracting(WorkerProcess::pid).containsExactly(worker);

    at(Duration.ofMinutes(1));
    assertThat(events(host))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo(5186);
              assertThat(e.time()).isEqualTo(T0.plusSeconds(60));
              assertThat(e.data()).containsEntry("ProcessID", Integer.toString(worker));
              assertThat(e.message()).contains("1 minutes");
            });

    at(Duration.ofMillis(60_500));
    assertThat(host.workers()).isEmpty();
    assertThat(pool(host, "P").workerPids()).isEmpty();
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STARTED);
  }

  // ---- faults --------------------------------------------------------------------------------

  @Test
  void accessDenied_onService_fails5WithElevationHint() {
    SimulatedIisHost host = named("access-denied");

    IisException stop = failure(() -> host.stopService("W3SVC"));
    IisException start = failure(() -> host.startService("W3SVC"));

    assertThat(stop.code()).isEqualTo(IisException.ACCESS_DENIED);
    assertThat(stop.isAccessDenied()).isTrue();
    assertThat(stop.target()).isEqualTo("W3SVC");
    assertThat(stop.getMessage()).contains("stop service").contains("elevated");
    assertThat(start.code()).isEqualTo(IisException.ACCESS_DENIED);
    assertThat(service(host, "W3SVC").state()).isEqualTo(ServiceState.RUNNING);
    // Other services are not denied: WAS is refused for its dependents, not for rights.
    assertThat(failure(() -> host.stopService("WAS")).code()).isEqualTo(1051);
  }

  @Test
  void accessDenied_onPool_fails5ForEveryControlOfThatPoolOnly() {
    SimulatedIisHost host = named("access-denied");

    assertThat(failure(() -> host.stopPool("Api")).isAccessDenied()).isTrue();
    assertThat(failure(() -> host.recyclePool("Api")).code()).isEqualTo(5);
    assertThat(failure(() -> host.startPool("Api")).code()).isEqualTo(5);
    assertThat(failure(() -> host.setPoolAutoStart("Api", false)).code()).isEqualTo(5);
    assertThat(pool(host, "Api").state()).isEqualTo(ObjectState.STARTED);

    host.stopPool("DefaultAppPool");
    assertThat(pool(host, "DefaultAppPool").state()).isEqualTo(ObjectState.STOPPING);
  }

  @Test
  void accessDenied_onSite_fails5() {
    SimulatedIisHost host =
        yaml(
            """
            pools: [{name: P}]
            sites:
              - {name: S, pool: P}
              - {name: T, pool: P}
            faults:
              accessDenied: ["site:S"]
            """);

    IisException e = failure(() -> host.stopSite("S"));

    assertThat(e.code()).isEqualTo(IisException.ACCESS_DENIED);
    assertThat(e.target()).isEqualTo("S");
    assertThat(e.getMessage()).contains("stop site").contains("elevated");
    assertThat(failure(() -> host.setSiteAutoStart("S", false)).isAccessDenied()).isTrue();
    assertThat(site(host, "S").state()).isEqualTo(ObjectState.STARTED);
    host.stopSite("T");
    assertThat(site(host, "T").state()).isEqualTo(ObjectState.STOPPED);
  }

  @Test
  void stuckStopPending_w3svc_staysPendingWithFrozenCheckpointAndLogs7011() {
    SimulatedIisHost host = named("stuck-stop");

    host.stopService("W3SVC");

    assertThat(service(host, "W3SVC").checkpoint()).isEqualTo(1);
    at(Duration.ofMillis(29_999));
    assertThat(events(host)).isEmpty();
    assertThat(service(host, "W3SVC").checkpoint()).isEqualTo(1);

    at(Duration.ofSeconds(30));
    assertThat(events(host))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo(7011);
              assertThat(e.provider()).isEqualTo("Service Control Manager");
              assertThat(e.level()).isEqualTo(EventLevel.ERROR);
              assertThat(e.time()).isEqualTo(T0.plusSeconds(30));
              assertThat(e.data()).containsEntry("param2", "W3SVC");
            });

    at(Duration.ofHours(1));
    ServiceInfo w3svc = service(host, "W3SVC");
    assertThat(w3svc.state()).isEqualTo(ServiceState.STOP_PENDING);
    assertThat(w3svc.checkpoint()).isEqualTo(1);
    assertThat(w3svc.waitHint()).isEqualTo(Duration.ofSeconds(30));
    assertThat(w3svc.pid()).isEqualTo(SVCHOST);
    assertThat(events(host))
        .filteredOn(e -> e.provider().equals("Service Control Manager"))
        .extracting(EventRecord::id)
        .containsExactly(7011);
    assertThat(failure(() -> host.stopService("W3SVC")).code()).isEqualTo(1052);
    assertThat(failure(() -> host.stopService("WAS")).code()).isEqualTo(1051);
  }

  @Test
  void orphanWorker_afterStopPool_poolIsStoppedButTheW3wpLivesUntilKilled() {
    SimulatedIisHost host = named("orphan-worker");
    int apiWorker = SVCHOST + 8;
    assertThat(pool(host, "Api").workerPids()).containsExactly(apiWorker);
    at(Duration.ofSeconds(1));

    host.stopPool("Api");

    assertThat(pool(host, "Api").state()).isEqualTo(ObjectState.STOPPED);
    assertThat(pool(host, "Api").workerPids()).isEmpty();
    assertThat(host.workers())
        .filteredOn(w -> w.pid() == apiWorker)
        .singleElement()
        .extracting(WorkerProcess::pool)
        .isEqualTo("Api");

    at(Duration.ofHours(1));
    assertThat(host.workers()).extracting(WorkerProcess::pid).contains(apiWorker);
    assertThat(events(host)).as("WAS does not know it, so no 5013").isEmpty();

    host.killWorker(apiWorker);

    assertThat(host.workers())
        .extracting(WorkerProcess::pid)
        .containsExactly(SVCHOST + 4)
        .doesNotContain(apiWorker);
    assertThat(failure(() -> host.killWorker(apiWorker)).code()).isEqualTo(IisException.NOT_FOUND);
  }

  @Test
  void endlessRequest_onSite_neverFinishes() {
    SimulatedIisHost host =
        yaml(
            """
            pools: [{name: P}]
            sites: [{name: S, pool: P}]
            faults:
              endlessRequest: [S]
            """);
    int worker = SVCHOST + 4;

    at(Duration.ofHours(1));
    host.stopSite("S");
    at(Duration.ofHours(2));

    assertThat(host.requests().requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.url()).isEqualTo("/events/stream");
              assertThat(r.site()).isEqualTo("S");
              assertThat(r.elapsed()).isEqualTo(Duration.ofHours(2));
              assertThat(r.workerPid()).isEqualTo(worker);
            });
    assertThat(host.servedRequests()).isZero();
    assertThat(events(host)).as("a busy worker is never idle").isEmpty();

    // Only a pool stop ends it, by killing the worker at shutdownTimeLimit.
    host.stopPool("P");
    at(Duration.ofHours(2).plusSeconds(90));
    assertThat(host.requests().total()).isZero();
    assertThat(host.cutRequests())
        .singleElement()
        .extracting(SimulatedIisHost.CutRequest::at)
        .isEqualTo(T0.plus(Duration.ofHours(2).plusSeconds(90)));
  }

  @Test
  void rapidFail_afterStartPool_logs5009sThen5002AndStopsThePool() {
    SimulatedIisHost host =
        yaml(
            """
            pools:
              - {name: P, state: Stopped}
            faults:
              rapidFail: [P]
            """);

    host.startPool("P");
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STARTED);

    at(Duration.ofSeconds(4));
    assertThat(events(host)).extracting(EventRecord::id).containsExactly(5009, 5009, 5009, 5009);
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STARTED);

    at(Duration.ofSeconds(5));
    List<EventRecord> events = events(host);
    assertThat(events)
        .extracting(EventRecord::id)
        .containsExactly(5009, 5009, 5009, 5009, 5009, 5002);
    assertThat(events)
        .extracting(EventRecord::time)
        .containsExactly(
            T0.plusSeconds(1),
            T0.plusSeconds(2),
            T0.plusSeconds(3),
            T0.plusSeconds(4),
            T0.plusSeconds(5),
            T0.plusSeconds(5));
    assertThat(events.subList(0, 5))
        .extracting(e -> e.data().get("ProcessID"))
        .containsExactly("1372", "1376", "1380", "1384", "1388");
    assertThat(events.subList(0, 5))
        .extracting(EventRecord::level)
        .containsOnly(EventLevel.WARNING);
    assertThat(events.get(5).level()).isEqualTo(EventLevel.ERROR);
    assertThat(events.get(5).data()).containsEntry("AppPoolID", "P");
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STOPPED);
    assertThat(pool(host, "P").workerPids()).isEmpty();
    assertThat(host.workers()).isEmpty();

    at(Duration.ofMinutes(10));
    assertThat(events(host)).hasSize(6);
  }

  @Test
  void rapidFail_afterWasStart_disablesThePool() {
    SimulatedIisHost host =
        yaml(
            """
            services:
              - {name: W3SVC, state: Stopped}
              - {name: WAS, state: Stopped}
            pools: [{name: P}]
            faults:
              rapidFail: [P]
            """);

    host.startService("WAS");
    at(Duration.ofSeconds(6));

    List<EventRecord> was =
        events(host).stream().filter(e -> e.provider().equals("Microsoft-Windows-WAS")).toList();
    assertThat(was).extracting(EventRecord::id).containsExactly(5009, 5009, 5009, 5009, 5009, 5002);
    assertThat(was.get(0).time()).isEqualTo(T0.plusSeconds(2));
    assertThat(was.get(5).time()).isEqualTo(T0.plusSeconds(6));
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STOPPED);
  }

  // ---- killWorker ----------------------------------------------------------------------------

  @Test
  void killWorker_svchostOfW3svcAndWas_isRefused() {
    SimulatedIisHost host = named("healthy");

    IisException e = failure(() -> host.killWorker(SVCHOST));

    assertThat(e.code()).isEqualTo(IisException.INVALID_PARAMETER);
    assertThat(e.isAccessDenied()).as("not a rights problem: elevation would not help").isFalse();
    assertThat(e.getMessage()).contains("svchost").contains("never kills").contains("W3SVC");
    assertThat(service(host, "W3SVC").state()).isEqualTo(ServiceState.RUNNING);
    assertThat(service(host, "W3SVC").pid()).isEqualTo(SVCHOST);
  }

  @Test
  void killWorker_svchostWhileOnlyWasRuns_isStillRefused() {
    SimulatedIisHost host = named("healthy");
    host.stopService("W3SVC");
    at(Duration.ofSeconds(3));

    IisException e = failure(() -> host.killWorker(SVCHOST));

    assertThat(e.getMessage()).contains("svchost").contains("WAS");
  }

  @Test
  void killWorker_unknownPid_failsNotFound1168() {
    SimulatedIisHost host = named("healthy");

    IisException e = failure(() -> host.killWorker(4242));

    assertThat(e.code()).isEqualTo(IisException.NOT_FOUND).isEqualTo(1168);
    assertThat(failure(() -> host.killWorker(0)).code()).isEqualTo(1168);
  }

  @Test
  void killWorker_poolWorker_cutsItsRequestsAndNextRequestGetsANewWorker() {
    SimulatedIisHost host = yaml(ONE_POOL);
    int worker = SVCHOST + 4;
    at(Duration.ofSeconds(1));

    host.killWorker(worker);

    assertThat(host.workers()).isEmpty();
    assertThat(host.cutRequests())
        .extracting(c -> c.request().url())
        .containsExactlyInAnyOrder("/short", "/long");
    assertThat(host.cutRequests()).allSatisfy(c -> assertThat(c.reason()).contains("killed"));
    assertThat(pool(host, "P").state()).isEqualTo(ObjectState.STARTED);
  }

  // ---- the simulation itself -----------------------------------------------------------------

  @Test
  void determinism_sameScenarioAndSteps_giveIdenticalObservations() {
    VirtualClock other = VirtualClock.standard();
    SimulatedIisHost a = new SimulatedIisHost(Scenarios.named("busy"), clock);
    SimulatedIisHost b = new SimulatedIisHost(Scenarios.named("busy"), other);

    for (SimulatedIisHost h : List.of(a, b)) {
      VirtualClock c = h == a ? clock : other;
      c.advance(Duration.ofSeconds(10));
      h.stopPool("Api");
      c.advance(Duration.ofSeconds(5));
      h.recyclePool("Reports");
      h.stopSite("Default Web Site");
      c.advance(Duration.ofSeconds(95));
    }

    assertThat(a.requests()).isEqualTo(b.requests());
    assertThat(a.requests().total()).isPositive();
    assertThat(a.events(T0, Instant.MAX)).isEqualTo(b.events(T0, Instant.MAX)).isNotEmpty();
    assertThat(a.cutRequests()).isEqualTo(b.cutRequests()).isNotEmpty();
    assertThat(a.workers()).isEqualTo(b.workers());
    assertThat(a.pools()).isEqualTo(b.pools());
    assertThat(a.servedRequests()).isEqualTo(b.servedRequests()).isPositive();
    assertThat(a.refusedRequests()).isEqualTo(b.refusedRequests()).isPositive();
  }

  @Test
  @Timeout(10)
  void advance_oneHourOnBusyHost_catchesUpQuickly() {
    SimulatedIisHost host = named("busy");

    clock.advance(Duration.ofHours(1));
    long served = host.servedRequests();

    // 20 + 30 + 1 arrivals a second for an hour.
    assertThat(served).isBetween(183_000L, 183_700L);
    assertThat(host.requests().total()).isBetween(1, 200);
    assertThat(host.pools()).extracting(AppPool::state).containsOnly(ObjectState.STARTED);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private SimulatedIisHost named(String scenario) {
    return new SimulatedIisHost(Scenarios.named(scenario), clock);
  }

  private SimulatedIisHost yaml(String text) {
    return new SimulatedIisHost(Scenarios.parse(text, "test"), clock);
  }

  /** Moves the clock to {@code offset} after the start. */
  private void at(Duration offset) {
    clock.advance(Duration.between(clock.instant(), T0.plus(offset)));
  }

  private void stopW3svcAndWas(SimulatedIisHost host) {
    host.stopService("W3SVC");
    at(Duration.ofSeconds(3));
    host.stopService("WAS");
    at(Duration.ofMillis(4500));
    assertThat(service(host, "W3SVC").state()).isEqualTo(ServiceState.STOPPED);
    assertThat(service(host, "WAS").state()).isEqualTo(ServiceState.STOPPED);
    assertThat(service(host, "WAS").pid()).isZero();
  }

  @Test
  void stopWas_whileAWorkerFinishesARequest_staysPendingUntilTheWorkerHasGone() {
    SimulatedIisHost host = yaml(ONE_POOL);
    host.stopService("W3SVC");
    at(Duration.ofSeconds(3));
    assertThat(service(host, "W3SVC").state())
        .as("W3SVC waits for its workers: /long runs 2 minutes, the limit is 30s")
        .isEqualTo(ServiceState.STOP_PENDING);

    at(Duration.ofMillis(29_999));
    assertThat(service(host, "W3SVC").state()).isEqualTo(ServiceState.STOP_PENDING);
    at(Duration.ofMillis(30_250));
    assertThat(service(host, "W3SVC").state()).isEqualTo(ServiceState.STOPPED);
    assertThat(host.workers()).isEmpty();
    assertThat(host.cutRequests()).extracting(c -> c.request().url()).containsExactly("/long");
  }

  @Test
  void flakyReads_firstReadAfterAChange_failsTransientlyOnce() {
    SimulatedIisHost host = yaml(ONE_POOL + "faults: {flakyReads: true}\n");
    host.stopSite("S");

    IisException e = failure(host::sites);

    assertThat(e.code()).isEqualTo(IisException.HRESULT_OBJECT_NOT_FOUND);
    assertThat(e.isTransient()).isTrue();
    assertThat(site(host, "S").state()).isEqualTo(ObjectState.STOPPED);
  }

  @Test
  void alwaysRunningPool_getsANewWorkerWhenItsWorkerIsKilled() {
    SimulatedIisHost host = yaml("pools: [{name: P, alwaysRunning: true}]\n");
    int first = host.workers().get(0).pid();

    host.killWorker(first);

    assertThat(host.workers()).extracting(WorkerProcess::pid).singleElement().isNotEqualTo(first);
    assertThat(pool(host, "P").workerPids()).hasSize(1);
  }

  private static List<EventRecord> events(SimulatedIisHost host) {
    return host.events(T0, Instant.MAX);
  }

  private static String binaryText(EventRecord e) {
    return new String(HexFormat.of().parseHex(e.data().get("Binary")), StandardCharsets.UTF_16LE);
  }

  private static ServiceInfo service(SimulatedIisHost host, String name) {
    return host.services().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no service " + name));
  }

  private static AppPool pool(SimulatedIisHost host, String name) {
    return host.pools().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pool " + name));
  }

  private static Site site(SimulatedIisHost host, String name) {
    return host.sites().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no site " + name));
  }

  private static IisException failure(ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).isInstanceOf(IisException.class);
    return (IisException) t;
  }
}
