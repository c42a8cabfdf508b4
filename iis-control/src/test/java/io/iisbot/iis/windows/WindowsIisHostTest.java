package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.IisException;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.RequestReading.RequestSource;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.Site;
import io.iisbot.iis.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** WindowsIisHost composes its parts correctly; each part is tested on its own elsewhere. */
final class WindowsIisHostTest {

  private final FakeScm scm = new FakeScm();
  private final FakeAppcmd appcmd = new FakeAppcmd();
  private final FakeProcesses processes = new FakeProcesses();
  private final FakeEventLog eventLog = new FakeEventLog();
  private final Map<String, Integer> counter = new HashMap<>();
  private final WindowsIisHost host =
      new WindowsIisHost("web01", scm, appcmd, processes, eventLog, () -> counter);

  @Test
  void services_areTheCoreOnesAndWasDependents() {
    scm.dependents.put("WAS", List.of("NetTcpActivator", "W3SVC"));

    host.services();

    assertThat(scm.queried).containsExactly("HTTP", "WAS", "W3SVC", "NetTcpActivator");
  }

  @Test
  void pools_getTheirWorkerPidsFromTheWorkerList() {
    appcmd.workers = Map.of(1400, "Api", 1396, "Api", 1388, "DefaultAppPool");

    assertThat(host.pools())
        .extracting(AppPool::name, AppPool::workerPids)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("DefaultAppPool", List.of(1388)),
            org.assertj.core.groups.Tuple.tuple("Api", List.of(1396, 1400)));
  }

  @Test
  void workers_anOrphanKeepsThePoolWasLastReportedForIt() {
    processes.entries = List.of(entry(1400), entry(1500));
    appcmd.workers = Map.of(1400, "Api");
    host.workers();

    appcmd.workers = Map.of(); // WAS lost track of 1400
    List<WorkerProcess> workers = host.workers();

    assertThat(workers)
        .extracting(WorkerProcess::pid, WorkerProcess::pool, WorkerProcess::workingSetBytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1400, "Api", 120L << 20),
            org.assertj.core.groups.Tuple.tuple(1500, WindowsIisHost.UNKNOWN_POOL, 120L << 20));
  }

  @Test
  void workers_whenAppcmdFails_stillListsTheProcesses() {
    processes.entries = List.of(entry(1400));
    appcmd.workersFailure = new IisException("list wp", "appcmd", 0x80070426, "WAS is not running");

    assertThat(host.workers()).extracting(WorkerProcess::pid).containsExactly(1400);
  }

  @Test
  void requests_fromRequestMonitor_whenInstalled() {
    appcmd.requests =
        Optional.of(
            List.of(
                new ActiveRequest(
                    "fb0000008000000e", "Api", "api", "/x", "GET", Duration.ofSeconds(4), 1400)));

    var r = host.requests();

    assertThat(r.source()).isEqualTo(RequestSource.REQUEST_MONITOR);
    assertThat(r.activeByPool()).containsExactly(Map.entry("Api", 1));
  }

  @Test
  void requests_fromTheCounter_withoutRequestMonitor() {
    appcmd.requests = Optional.empty();
    counter.put("Api", 7);

    var r = host.requests();

    assertThat(r.source()).isEqualTo(RequestSource.PERFORMANCE_COUNTER);
    assertThat(r.requests()).isEmpty();
    assertThat(r.total()).isEqualTo(7);
    assertThat(r.isDetailed()).isFalse();
  }

  @Test
  void events_keepOnlyIisServicesScmEvents_matchedOnTheKeyName_oldestFirst() {
    Instant since = Instant.parse("2026-01-05T09:00:00Z");
    Instant until = since.plusSeconds(60);
    eventLog.byProvider.put(
        "Service Control Manager",
        List.of(
            scm7036("Windows Modules Installer", "TrustedInstaller/1", "09:00:30"),
            // A German display name: matched on the key name in the binary data, not param1.
            scm7036("WWW-Publishingdienst", "W3SVC/1", "09:00:20")));
    eventLog.byProvider.put("Microsoft-Windows-WAS", List.of(was5013("09:00:10")));

    List<EventRecord> events = host.events(since, until);

    assertThat(events).extracting(EventRecord::id).containsExactly(5013, 7036);
    assertThat(events.get(1).data()).containsEntry("param1", "WWW-Publishingdienst");
    assertThat(eventLog.queries)
        .contains(
            "System|" + EventQueries.window("Microsoft-Windows-WAS", since, until),
            "System|" + EventQueries.window("Service Control Manager", since, until),
            "Application|" + EventQueries.window("IIS AspNetCore Module V2", since, until));
  }

  @Test
  void killWorker_ofAServicePid_isRefusedWithoutTouchingTheProcess() {
    scm.pids.put("W3SVC", 1368);
    scm.pids.put("WAS", 1368);

    assertThatThrownBy(() -> host.killWorker(1368))
        .isInstanceOfSatisfying(
            IisException.class, e -> assertThat(e.code()).isEqualTo(IisException.INVALID_PARAMETER))
        .hasMessageContaining("svchost.exe of WAS, W3SVC");
    assertThat(processes.terminated).isEmpty();
  }

  @Test
  void killWorker_ofAWorker_asksTheProcessTableToRecheckItIsW3wp() {
    host.killWorker(1400);

    assertThat(processes.terminated).containsExactly("1400 w3wp.exe");
  }

  @Test
  void serviceControl_hostileName_isRefusedBeforeTheScm() {
    assertThatThrownBy(() -> host.stopService("W3SVC & net stop WAS"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(scm.controls).isEmpty();
  }

  @Test
  void poolAndSiteOperations_goToAppcmd() {
    host.stopSite("Default Web Site");
    host.recyclePool("Api");
    host.setPoolAutoStart("Api", false);

    assertThat(appcmd.calls)
        .containsExactly(
            "stopSite Default Web Site", "recyclePool Api", "setPoolAutoStart Api false");
  }

  // ---- fakes ---------------------------------------------------------------------------------

  private static ProcessTable.ProcessEntry entry(int pid) {
    return new ProcessTable.ProcessEntry(pid, 1368, "w3wp.exe", 120L << 20);
  }

  private static String scm7036(String display, String binary, String time) {
    String hex =
        HexFormat.of()
            .withUpperCase()
            .formatHex((binary + "\0").getBytes(StandardCharsets.UTF_16LE));
    return """
        <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
          <System>
            <Provider Name="Service Control Manager"/>
            <EventID Qualifiers="16384">7036</EventID>
            <Level>4</Level>
            <TimeCreated SystemTime="2026-01-05T%sZ"/>
            <Channel>System</Channel>
          </System>
          <EventData>
            <Data Name="param1">%s</Data>
            <Data Name="param2">stopped</Data>
            <Binary>%s</Binary>
          </EventData>
        </Event>
        """
        .formatted(time, display, hex);
  }

  private static String was5013(String time) {
    return """
        <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
          <System>
            <Provider Name="Microsoft-Windows-WAS"/>
            <EventID Qualifiers="32768">5013</EventID>
            <Level>3</Level>
            <TimeCreated SystemTime="2026-01-05T%sZ"/>
            <Channel>System</Channel>
          </System>
          <EventData>
            <Data Name="AppPoolID">Api</Data>
            <Data Name="ProcessID">1400</Data>
          </EventData>
        </Event>
        """
        .formatted(time);
  }

  private static final class FakeScm implements ServiceControl {
    final Map<String, List<String>> dependents = new HashMap<>();
    final Map<String, Integer> pids = new HashMap<>();
    final List<String> queried = new ArrayList<>();
    final List<String> controls = new ArrayList<>();

    @Override
    public List<ServiceInfo> query(List<String> names) {
      queried.clear();
      queried.addAll(names);
      return names.stream()
          .map(
              n ->
                  new ServiceInfo(
                      n,
                      n + " display",
                      ServiceState.RUNNING,
                      false,
                      List.of(),
                      List.of(),
                      pids.getOrDefault(n, 0),
                      0,
                      Duration.ZERO))
          .toList();
    }

    @Override
    public List<String> dependentsOf(String name) {
      return dependents.getOrDefault(name, List.of());
    }

    @Override
    public void start(String name) {
      controls.add("start " + name);
    }

    @Override
    public void stop(String name) {
      controls.add("stop " + name);
    }
  }

  private static final class FakeAppcmd implements Appcmd {
    Map<Integer, String> workers = Map.of();
    IisException workersFailure;
    Optional<List<ActiveRequest>> requests = Optional.of(List.of());
    final List<String> calls = new ArrayList<>();

    @Override
    public List<AppPool> pools() {
      return List.of(
          new AppPool(
              "DefaultAppPool",
              ObjectState.STARTED,
              true,
              Duration.ofSeconds(90),
              false,
              List.of()),
          new AppPool("Api", ObjectState.STARTED, true, Duration.ofSeconds(90), false, List.of()));
    }

    @Override
    public List<Site> sites() {
      return List.of();
    }

    @Override
    public Map<Integer, String> workers() {
      if (workersFailure != null) {
        throw workersFailure;
      }
      return workers;
    }

    @Override
    public Optional<List<ActiveRequest>> requests() {
      return requests;
    }

    @Override
    public void startSite(String name) {
      calls.add("startSite " + name);
    }

    @Override
    public void stopSite(String name) {
      calls.add("stopSite " + name);
    }

    @Override
    public void startPool(String name) {
      calls.add("startPool " + name);
    }

    @Override
    public void stopPool(String name) {
      calls.add("stopPool " + name);
    }

    @Override
    public void recyclePool(String name) {
      calls.add("recyclePool " + name);
    }

    @Override
    public void setPoolAutoStart(String name, boolean autoStart) {
      calls.add("setPoolAutoStart " + name + " " + autoStart);
    }

    @Override
    public void setSiteAutoStart(String name, boolean serverAutoStart) {
      calls.add("setSiteAutoStart " + name + " " + serverAutoStart);
    }
  }

  private static final class FakeProcesses implements ProcessTable {
    List<ProcessEntry> entries = List.of();
    final List<String> terminated = new ArrayList<>();

    @Override
    public List<ProcessEntry> processes(String image) {
      return entries.stream().filter(e -> e.image().equalsIgnoreCase(image)).toList();
    }

    @Override
    public void terminate(int pid, String expectedImage) {
      terminated.add(pid + " " + expectedImage);
    }
  }

  private static final class FakeEventLog implements EventLogReader {
    final Map<String, List<String>> byProvider = new HashMap<>();
    final List<String> queries = new ArrayList<>();

    @Override
    public List<String> query(String channel, String xpath, int max) {
      queries.add(channel + "|" + xpath);
      return byProvider.entrySet().stream()
          .filter(e -> xpath.contains("@Name='" + e.getKey() + "'"))
          .flatMap(e -> e.getValue().stream())
          .toList();
    }
  }
}
