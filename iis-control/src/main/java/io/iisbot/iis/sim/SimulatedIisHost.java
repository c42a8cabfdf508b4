package io.iisbot.iis.sim;

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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * An in-memory IIS host that behaves as IIS-FACTS says, on an injected clock. With a {@link
 * VirtualClock} a 90-second drain runs in microseconds; with the system clock it serves a live
 * demo. Thread-safe: every call first brings the simulation up to the clock's present.
 */
public final class SimulatedIisHost implements IisHost, AutoCloseable {

  /** A request that ended without an answer, and why: the simulation's ground truth. */
  public record CutRequest(ActiveRequest request, Instant at, String reason) {}

  private final Scenario scenario;
  private final Timeline timeline;
  private final SimEventLog events;
  private final ScmSim scm;
  private final WasSim was;
  private final SiteSim sites;
  private boolean freshChange;
  private SimHttp http;

  public SimulatedIisHost(Scenario scenario, Clock clock) {
    this.scenario = scenario;
    this.timeline = new Timeline(clock);
    this.events = new SimEventLog(timeline);
    PidAllocator pids = new PidAllocator(1368);
    WasSim[] wasRef = new WasSim[1];
    SiteSim[] sitesRef = new SiteSim[1];
    ScmSim.Listener forward =
        new ScmSim.Listener() {
          @Override
          public void entered(String service, io.iisbot.iis.ServiceState state) {
            wasRef[0].onService(service, state);
            sitesRef[0].onService(service, state);
          }

          @Override
          public boolean stopComplete(String service) {
            return wasRef[0].stopComplete(service);
          }
        };
    this.scm = new ScmSim(timeline, events, pids, scenario, forward);
    this.was = new WasSim(timeline, events, pids, scenario, scm.isRunning(ScmSim.WAS));
    this.sites = new SiteSim(timeline, was, scenario, scm.isRunning(ScmSim.W3SVC));
    wasRef[0] = was;
    sitesRef[0] = sites;
  }

  /** A host from a named scenario ({@link Scenarios#names()}) or a scenario file. */
  public static SimulatedIisHost of(String scenario, Clock clock) {
    return new SimulatedIisHost(Scenarios.load(scenario), clock);
  }

  public Scenario scenario() {
    return scenario;
  }

  @Override
  public String name() {
    return scenario.host();
  }

  @Override
  public List<ServiceInfo> services() {
    return read(scm::list);
  }

  @Override
  public List<AppPool> pools() {
    return read(was::pools);
  }

  @Override
  public List<Site> sites() {
    return read(sites::sites);
  }

  @Override
  public List<WorkerProcess> workers() {
    return read(was::workers);
  }

  @Override
  public RequestReading requests() {
    return read(() -> RequestReading.listed(RequestSource.SIMULATED, was.requests()));
  }

  @Override
  public List<EventRecord> events(Instant since, Instant until) {
    return read(() -> events.between(since, until));
  }

  @Override
  public void startService(String name) {
    act(() -> scm.start(name));
  }

  @Override
  public void stopService(String name) {
    act(() -> scm.stop(name));
  }

  @Override
  public void startPool(String name) {
    act(() -> was.startPool(name));
  }

  @Override
  public void stopPool(String name) {
    act(() -> was.stopPool(name));
  }

  @Override
  public void recyclePool(String name) {
    act(() -> was.recyclePool(name));
  }

  @Override
  public void startSite(String name) {
    act(() -> sites.startSite(name));
  }

  @Override
  public void stopSite(String name) {
    act(() -> sites.stopSite(name));
  }

  @Override
  public void setPoolAutoStart(String name, boolean autoStart) {
    act(() -> was.setPoolAutoStart(name, autoStart));
  }

  @Override
  public void setSiteAutoStart(String name, boolean serverAutoStart) {
    act(() -> sites.setSiteAutoStart(name, serverAutoStart));
  }

  @Override
  public void killWorker(int pid) {
    act(
        () -> {
          List<String> hosted = scm.servicesInProcess(pid);
          if (!hosted.isEmpty()) {
            throw IisException.notAWorker(pid, hosted);
          }
          was.kill(pid, "worker " + pid + " was killed by the operator (--force)");
        });
  }

  /**
   * Makes every site answer HTTP on a loopback port of its own (from then on in its first http
   * binding), 503 while it, its pool or W3SVC is down or warming up and 200 once it runs, so a
   * warm-up can be tested for real. Idempotent; {@link #close()} stops serving.
   *
   * @return this host
   */
  public synchronized SimulatedIisHost serveHttp() {
    if (http == null) {
      http = new SimHttp(sites.names(), this::answer, sites::servePort);
    }
    return this;
  }

  private synchronized SiteSim.HttpAnswer answer(String site, String path) {
    // Not through read(): an HTTP client is not a state read and must not use up a flaky read.
    timeline.catchUp();
    return sites.answer(site, path);
  }

  /** Stops serving HTTP, if it did. */
  @Override
  public synchronized void close() {
    if (http != null) {
      http.close();
      http = null;
    }
  }

  /** Requests that ended without an answer so far (killed workers, crashes), oldest first. */
  public List<CutRequest> cutRequests() {
    return read(
        () ->
            was.cuts().stream().map(c -> new CutRequest(c.request(), c.at(), c.reason())).toList());
  }

  /** Requests answered so far. */
  public long servedRequests() {
    return read(was::served);
  }

  /**
   * Requests refused so far: scripted requests to a site that was not listening, and requests a
   * stopped pool answered with 503. A stopped site's steady load stops arriving altogether.
   */
  public long refusedRequests() {
    return read(() -> sites.refused() + was.refused());
  }

  private synchronized <T> T read(Supplier<T> reader) {
    timeline.catchUp();
    if (freshChange && scenario.faults().flakyReads()) {
      // IIS-FACTS: right after a change, state reads can fail with 0x800710D8.
      freshChange = false;
      throw new IisException(
          "read state",
          scenario.host(),
          IisException.HRESULT_OBJECT_NOT_FOUND,
          "the configuration changed a moment ago; retry");
    }
    return reader.get();
  }

  private synchronized void act(Runnable action) {
    timeline.catchUp();
    action.run();
    freshChange = true;
  }
}
