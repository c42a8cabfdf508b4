package io.iisbot.iis.windows;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.IisException;
import io.iisbot.iis.IisHost;
import io.iisbot.iis.RequestReading;
import io.iisbot.iis.RequestReading.RequestSource;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.Site;
import io.iisbot.iis.WorkerProcess;
import io.iisbot.iis.engine.EventCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real IIS of the machine this runs on: services through the SCM, pools, sites, workers and
 * requests through appcmd, {@code w3wp.exe} processes through a Toolhelp snapshot, events through
 * Wevtapi. Needs an elevated process on Windows Server with IIS. Thread-safe.
 */
public final class WindowsIisHost implements IisHost {

  /** The services iisbot reports on; WAS's other dependents (the activators) are added to them. */
  static final List<String> CORE_SERVICES = List.of("HTTP", "WAS", "W3SVC");

  /** At most this many events per provider and window. */
  static final int MAX_EVENTS_PER_PROVIDER = 500;

  static final String WORKER_IMAGE = "w3wp.exe";

  static final Duration DEFAULT_APPCMD_TIMEOUT = Duration.ofSeconds(150);

  /** A w3wp whose pool WAS no longer reports and that iisbot never saw before. */
  static final String UNKNOWN_POOL = "(unknown pool)";

  private final String name;
  private final ServiceControl scm;
  private final Appcmd appcmd;
  private final ProcessTable processes;
  private final EventLogReader eventLog;
  private final RequestCounter counter;

  /** The last pool WAS reported for each worker pid, to name the pool of a worker it lost. */
  private final Map<Integer, String> lastKnownPool = new ConcurrentHashMap<>();

  WindowsIisHost(
      String name,
      ServiceControl scm,
      Appcmd appcmd,
      ProcessTable processes,
      EventLogReader eventLog,
      RequestCounter counter) {
    this.name = Objects.requireNonNull(name, "name");
    this.scm = Objects.requireNonNull(scm, "scm");
    this.appcmd = Objects.requireNonNull(appcmd, "appcmd");
    this.processes = Objects.requireNonNull(processes, "processes");
    this.eventLog = Objects.requireNonNull(eventLog, "eventLog");
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  /**
   * The IIS of this machine, through the native APIs and {@code appcmd.exe}.
   *
   * @param appcmdTimeout how long one appcmd call may take; longer than the longest
   *     shutdownTimeLimit, since {@code stop apppool} may wait for the workers (unverified)
   */
  public static WindowsIisHost local(String hostName, Duration appcmdTimeout) {
    return new WindowsIisHost(
        hostName,
        new JnaServiceControl(),
        new AppcmdCli(new SystemProcessRunner(), AppcmdCli.defaultPath(), appcmdTimeout),
        new ToolhelpProcessTable(),
        new WevtapiEventLog(),
        new PdhRequestCounter());
  }

  /** {@link #local(String, Duration)} with a 150 s appcmd timeout (default limit 90 s + margin). */
  public static WindowsIisHost local(String hostName) {
    return local(hostName, DEFAULT_APPCMD_TIMEOUT);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<ServiceInfo> services() {
    Set<String> names = new LinkedHashSet<>(CORE_SERVICES);
    names.addAll(scm.dependentsOf("WAS"));
    return scm.query(List.copyOf(names));
  }

  @Override
  public List<AppPool> pools() {
    Map<Integer, String> wp = workerPools();
    return appcmd.pools().stream()
        .map(
            p ->
                new AppPool(
                    p.name(),
                    p.state(),
                    p.autoStart(),
                    p.shutdownTimeLimit(),
                    p.disallowOverlappingRotation(),
                    wp.entrySet().stream()
                        .filter(e -> e.getValue().equalsIgnoreCase(p.name()))
                        .map(Map.Entry::getKey)
                        .sorted()
                        .toList()))
        .toList();
  }

  @Override
  public List<Site> sites() {
    return appcmd.sites();
  }

  /**
   * Every w3wp.exe, with the pool WAS reports for it, or the pool it last reported: a worker WAS
   * has lost track of (an orphan) keeps the name of the pool it served.
   */
  @Override
  public List<WorkerProcess> workers() {
    Map<Integer, String> wp;
    try {
      wp = workerPools();
    } catch (IisException e) {
      // WAS may be stopped or stopping: the processes are still worth listing.
      wp = Map.of();
    }
    Map<Integer, String> known = wp;
    List<WorkerProcess> out = new ArrayList<>();
    for (ProcessTable.ProcessEntry p : processes.processes(WORKER_IMAGE)) {
      String pool = known.getOrDefault(p.pid(), lastKnownPool.getOrDefault(p.pid(), UNKNOWN_POOL));
      out.add(new WorkerProcess(p.pid(), pool, p.workingSetBytes()));
    }
    Set<Integer> alive = new java.util.HashSet<>();
    out.forEach(w -> alive.add(w.pid()));
    lastKnownPool.keySet().retainAll(alive);
    return out;
  }

  private Map<Integer, String> workerPools() {
    Map<Integer, String> wp = appcmd.workers();
    lastKnownPool.putAll(wp);
    return wp;
  }

  /** Request Monitor's list when the feature is installed, else the per-pool counter. */
  @Override
  public RequestReading requests() {
    Optional<List<ActiveRequest>> listed = appcmd.requests();
    if (listed.isPresent()) {
      return RequestReading.listed(RequestSource.REQUEST_MONITOR, listed.get());
    }
    return new RequestReading(RequestSource.PERFORMANCE_COUNTER, List.of(), counter.activeByPool());
  }

  /**
   * The IIS providers' events in the window, oldest first. The Service Control Manager writes for
   * every service; only the IIS services' events are kept, matched on the key name in 7036's binary
   * data (param1 is the display name, which is localized).
   */
  @Override
  public List<EventRecord> events(Instant since, Instant until) {
    Set<String> iisServices = new java.util.HashSet<>();
    Set<String> iisDisplayNames = new java.util.HashSet<>();
    for (ServiceInfo s : services()) {
      iisServices.add(s.name().toUpperCase(Locale.ROOT));
      iisDisplayNames.add(s.displayName().toUpperCase(Locale.ROOT));
    }
    List<EventRecord> out = new ArrayList<>();
    for (String provider : EventCatalog.PROVIDERS) {
      String xpath = EventQueries.window(provider, since, until);
      for (String xml :
          eventLog.query(EventQueries.channelOf(provider), xpath, MAX_EVENTS_PER_PROVIDER)) {
        EventRecord e = EventXml.parse(xml);
        if (!EventCatalog.SCM.equals(provider) || concernsIis(e, iisServices, iisDisplayNames)) {
          out.add(e);
        }
      }
    }
    out.sort(Comparator.comparing(EventRecord::time));
    return out;
  }

  private static boolean concernsIis(EventRecord e, Set<String> keys, Set<String> displayNames) {
    Optional<String> key = EventXml.serviceKeyName(e);
    if (key.isPresent()) {
      return keys.contains(key.get().toUpperCase(Locale.ROOT));
    }
    return e.data().values().stream()
        .map(v -> v.toUpperCase(Locale.ROOT))
        .anyMatch(v -> keys.contains(v) || displayNames.contains(v));
  }

  @Override
  public void startService(String service) {
    scm.start(Names.service(service));
  }

  @Override
  public void stopService(String service) {
    scm.stop(Names.service(service));
  }

  @Override
  public void startPool(String pool) {
    appcmd.startPool(pool);
  }

  @Override
  public void stopPool(String pool) {
    appcmd.stopPool(pool);
  }

  @Override
  public void recyclePool(String pool) {
    appcmd.recyclePool(pool);
  }

  @Override
  public void startSite(String site) {
    appcmd.startSite(site);
  }

  @Override
  public void stopSite(String site) {
    appcmd.stopSite(site);
  }

  @Override
  public void setPoolAutoStart(String pool, boolean autoStart) {
    appcmd.setPoolAutoStart(pool, autoStart);
  }

  @Override
  public void setSiteAutoStart(String site, boolean serverAutoStart) {
    appcmd.setSiteAutoStart(site, serverAutoStart);
  }

  /**
   * Refuses a service's pid outright, then lets the process table re-check the image at the kill.
   */
  @Override
  public void killWorker(int pid) {
    List<String> hosted =
        scm.query(CORE_SERVICES).stream()
            .filter(s -> s.pid() == pid && pid != 0)
            .map(ServiceInfo::name)
            .toList();
    if (!hosted.isEmpty()) {
      throw IisException.notAWorker(pid, hosted);
    }
    processes.terminate(pid, WORKER_IMAGE);
    lastKnownPool.remove(pid);
  }
}
