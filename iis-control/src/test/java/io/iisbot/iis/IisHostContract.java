package io.iisbot.iis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IisHost} must do, whatever is behind it. Runs against the simulated host here
 * and against the real Windows backend on a Windows runner, so the two are held to one behaviour.
 *
 * <p>The host must have W3SVC and WAS running, and a started site {@link #testSite()} whose root
 * application runs in the started pool {@link #testPool()}. Every test leaves the host as it found
 * it.
 */
public abstract class IisHostContract {

  /** The host under test. */
  protected abstract IisHost host();

  /** A started site the tests may stop and start. */
  protected abstract String testSite();

  /** The started pool of {@link #testSite()}, which the tests may stop, start and recycle. */
  protected abstract String testPool();

  /** Lets time pass: advances a virtual clock, or sleeps. */
  protected abstract void pass(Duration d) throws InterruptedException;

  /** Makes sure the test pool has a worker process (e.g. by sending the site a request). */
  protected abstract void ensureWorker() throws Exception;

  /** The longest a state change may take to show. */
  protected Duration patience() {
    return Duration.ofMinutes(2);
  }

  // ---- services ------------------------------------------------------------------------------

  @Test
  void services_w3svcDependsOnWas_andWasListsW3svcAsDependent() {
    ServiceInfo w3svc = service("W3SVC");
    ServiceInfo was = service("WAS");

    assertThat(w3svc.dependsOn()).anyMatch(d -> d.equalsIgnoreCase("WAS"));
    assertThat(was.dependents()).anyMatch(d -> d.equalsIgnoreCase("W3SVC"));
  }

  @Test
  void services_w3svcDoesNotAcceptPause() {
    assertThat(service("W3SVC").acceptsPause()).isFalse();
  }

  /**
   * W3SVC and WAS share one svchost on Server 2012 R2 (tasklist fixture); newer Windows may split
   * svchost groups on large machines, so the contract asks only for real pids, never killable.
   */
  @Test
  void services_runningW3svcAndWasHaveProcesses_thatAreNeverKilled() {
    for (String name : List.of("W3SVC", "WAS")) {
      ServiceInfo s = service(name);
      assertThat(s.state()).isEqualTo(ServiceState.RUNNING);
      assertThat(s.pid()).isPositive();
      IisException e = failure(() -> host().killWorker(s.pid()));
      assertThat(e.code()).as(name).isIn(IisException.INVALID_PARAMETER, IisException.NOT_FOUND);
      assertThat(service(name).pid()).isEqualTo(s.pid());
    }
  }

  @Test
  void startService_alreadyRunning_fails1056() {
    IisException e = failure(() -> host().startService("W3SVC"));

    assertThat(e.code()).isEqualTo(IisException.SERVICE_ALREADY_RUNNING);
  }

  @Test
  void stopService_wasWhileW3svcRuns_fails1051NamingW3svc_andStopsNothing() {
    IisException e = failure(() -> host().stopService("WAS"));

    assertThat(e.code()).isEqualTo(IisException.DEPENDENT_SERVICES_RUNNING);
    assertThat(e.getMessage()).containsIgnoringCase("W3SVC");
    assertThat(service("W3SVC").state()).isEqualTo(ServiceState.RUNNING);
    assertThat(service("WAS").state()).isEqualTo(ServiceState.RUNNING);
  }

  @Test
  void stopService_notInstalled_fails1060() {
    IisException e = failure(() -> host().stopService("iisbotNoSuchSvc"));

    assertThat(e.code()).isEqualTo(IisException.SERVICE_DOES_NOT_EXIST);
  }

  // ---- sites and pools -----------------------------------------------------------------------

  @Test
  void snapshot_showsTheTestSiteOnTheTestPool() {
    HostSnapshot s = host().snapshot(Instant.now());

    Site site = s.site(testSite()).orElseThrow();
    assertThat(site.state()).isEqualTo(ObjectState.STARTED);
    assertThat(site.pools()).first().asString().isEqualToIgnoringCase(testPool());
    assertThat(site.bindings()).isNotEmpty();
    assertThat(s.pool(testPool()).orElseThrow().state()).isEqualTo(ObjectState.STARTED);
  }

  @Test
  void stopSite_thenStartSite_roundTrips() throws Exception {
    host().stopSite(testSite());
    try {
      awaitTrue("site stopped", () -> site().state() == ObjectState.STOPPED);
    } finally {
      host().startSite(testSite());
    }
    awaitTrue("site started", () -> site().state() == ObjectState.STARTED);
  }

  @Test
  void stopSite_keepsThePoolsWorkers() throws Exception {
    ensureWorker();
    List<Integer> before = workerPids();
    host().stopSite(testSite());
    try {
      awaitTrue("site stopped", () -> site().state() == ObjectState.STOPPED);
      assertThat(workerPids()).containsAll(before);
    } finally {
      host().startSite(testSite());
    }
    awaitTrue("site started", () -> site().state() == ObjectState.STARTED);
  }

  @Test
  void stopPool_endsItsWorkers_thenStartPoolRoundTrips() throws Exception {
    ensureWorker();
    assertThat(workerPids()).isNotEmpty();
    host().stopPool(testPool());
    try {
      awaitTrue("pool stopped", () -> pool().state() == ObjectState.STOPPED);
      awaitTrue("workers gone", () -> workerPids().isEmpty());
    } finally {
      host().startPool(testPool());
    }
    awaitTrue("pool started", () -> pool().state() == ObjectState.STARTED);
  }

  @Test
  void recyclePool_replacesTheWorker() throws Exception {
    ensureWorker();
    List<Integer> before = workerPids();
    assertThat(before).isNotEmpty();

    host().recyclePool(testPool());
    ensureWorker();

    awaitTrue(
        "old workers exited and a new one runs",
        () -> {
          List<Integer> now = workerPids();
          return !now.isEmpty() && now.stream().noneMatch(before::contains);
        });
  }

  @Test
  void setPoolAutoStart_roundTrips() {
    host().setPoolAutoStart(testPool(), false);
    try {
      assertThat(pool().autoStart()).isFalse();
    } finally {
      host().setPoolAutoStart(testPool(), true);
    }
    assertThat(pool().autoStart()).isTrue();
  }

  @Test
  void setSiteAutoStart_roundTrips() {
    host().setSiteAutoStart(testSite(), false);
    try {
      assertThat(site().serverAutoStart()).isFalse();
    } finally {
      host().setSiteAutoStart(testSite(), true);
    }
    assertThat(site().serverAutoStart()).isTrue();
  }

  @Test
  void stopPool_unknownPool_failsNotFound() {
    IisException e = failure(() -> host().stopPool("iisbot-no-such-pool"));

    assertThat(e.code()).isEqualTo(IisException.NOT_FOUND);
  }

  @Test
  void startSite_unknownSite_failsNotFound() {
    IisException e = failure(() -> host().startSite("iisbot-no-such-site"));

    assertThat(e.code()).isEqualTo(IisException.NOT_FOUND);
  }

  @Test
  void hostileName_isRefused_andChangesNothing() {
    for (String name :
        List.of("x\" /apppool.name:" + testPool(), testPool() + "\"", "\n" + testPool())) {
      Throwable t = catchThrowable(() -> host().stopPool(name));
      assertThat(t).as(name).isInstanceOfAny(IllegalArgumentException.class, IisException.class);
    }
    assertThat(pool().state()).isEqualTo(ObjectState.STARTED);
  }

  // ---- workers and requests ------------------------------------------------------------------

  @Test
  void workers_ofTheTestPool_areW3wpWithMemory() throws Exception {
    ensureWorker();

    assertThat(host().workers())
        .filteredOn(w -> w.pool().equalsIgnoreCase(testPool()))
        .isNotEmpty()
        .allSatisfy(w -> assertThat(w.workingSetBytes()).isPositive());
    assertThat(pool().workerPids()).containsExactlyInAnyOrderElementsOf(workerPids());
  }

  @Test
  void killWorker_ofTheServicesSvchost_isRefused_andTheServicesRunOn() {
    int svchost = service("W3SVC").pid();

    IisException e = failure(() -> host().killWorker(svchost));

    assertThat(e.isAccessDenied()).isFalse();
    assertThat(service("W3SVC").state()).isEqualTo(ServiceState.RUNNING);
    assertThat(service("W3SVC").pid()).isEqualTo(svchost);
  }

  @Test
  void killWorker_noSuchProcess_failsWithoutKillingAnything() {
    List<Integer> before = host().workers().stream().map(WorkerProcess::pid).toList();

    IisException e = failure(() -> host().killWorker(0x7FFFFFF0));

    assertThat(e.code()).isIn(IisException.NOT_FOUND, IisException.INVALID_PARAMETER);
    assertThat(host().workers().stream().map(WorkerProcess::pid).toList()).containsAll(before);
  }

  @Test
  void requests_sayWhereTheyCameFrom_andMatchTheirCounts() {
    RequestReading r = host().requests();

    assertThat(r.source()).isNotNull();
    assertThat(r.total()).isGreaterThanOrEqualTo(r.requests().size());
    r.requests().forEach(q -> assertThat(q.elapsed().isNegative()).isFalse());
  }

  // ---- events --------------------------------------------------------------------------------

  @Test
  void events_ofAW3svcRestart_include7036WithTheKeyNameInTheBinaryData() throws Exception {
    Instant since = now().minusSeconds(1);
    host().stopService("W3SVC");
    try {
      awaitTrue("W3SVC stopped", () -> service("W3SVC").state() == ServiceState.STOPPED);
    } finally {
      awaitTrue("W3SVC settled", () -> !service("W3SVC").state().isPending());
      if (service("W3SVC").state() == ServiceState.STOPPED) {
        host().startService("W3SVC");
      }
    }
    awaitTrue("W3SVC running", () -> service("W3SVC").state() == ServiceState.RUNNING);
    awaitTrue(
        "the test site is back (serverAutoStart)", () -> site().state() == ObjectState.STARTED);
    Instant until = now().plusSeconds(1);

    List<EventRecord> events = host().events(since, until);

    assertThat(events)
        .isSortedAccordingTo(java.util.Comparator.comparing(EventRecord::time))
        .allSatisfy(e -> assertThat(e.time()).isBetween(since, until));
    assertThat(
            events.stream()
                .filter(e -> e.id() == 7036 && e.provider().equals("Service Control Manager"))
                .map(IisHostContract::binaryText)
                .filter(t -> t.startsWith("W3SVC/"))
                .toList())
        .as("matched on the key name, whatever the display language")
        .containsSubsequence("W3SVC/1", "W3SVC/4");
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The time the host's events are stamped with. */
  protected Instant now() {
    return Instant.now();
  }

  private ServiceInfo service(String name) {
    return host().services().stream()
        .filter(s -> s.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("service " + name + " is not listed"));
  }

  private Site site() {
    return host().sites().stream()
        .filter(s -> s.name().equalsIgnoreCase(testSite()))
        .findFirst()
        .orElseThrow();
  }

  private AppPool pool() {
    return host().pools().stream()
        .filter(p -> p.name().equalsIgnoreCase(testPool()))
        .findFirst()
        .orElseThrow();
  }

  private List<Integer> workerPids() {
    return host().workers().stream()
        .filter(w -> w.pool().equalsIgnoreCase(testPool()))
        .map(WorkerProcess::pid)
        .sorted()
        .toList();
  }

  /** A 7036's binary data as text: UTF-16LE "KEY/state", without the trailing NUL. */
  private static String binaryText(EventRecord e) {
    String text =
        new String(HexFormat.of().parseHex(e.data().get("Binary")), StandardCharsets.UTF_16LE);
    return text.replace("\0", "");
  }

  private void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    Duration step = Duration.ofMillis(250);
    for (Duration waited = Duration.ZERO; ; waited = waited.plus(step)) {
      if (condition.getAsBoolean()) {
        return;
      }
      if (waited.compareTo(patience()) >= 0) {
        throw new AssertionError(what + ": not true after " + Durations.format(patience()));
      }
      pass(step);
    }
  }

  private static IisException failure(org.assertj.core.api.ThrowableAssert.ThrowingCallable c) {
    Throwable t = catchThrowable(c);
    assertThat(t).isInstanceOf(IisException.class);
    return (IisException) t;
  }
}
