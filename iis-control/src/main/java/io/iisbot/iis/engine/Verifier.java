package io.iisbot.iis.engine;

import io.iisbot.iis.AppPool;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.Site;
import io.iisbot.iis.WorkerProcess;
import io.iisbot.iis.engine.Verification.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks, on a fresh snapshot, that the host is in the state the operation asked for. */
final class Verifier {

  private final Run run;
  private final Plan plan;
  private final HostSnapshot after;
  private final List<EventRecord> events;
  private final List<Check> checks = new ArrayList<>();

  private Verifier(Run run, Plan plan, HostSnapshot after, List<EventRecord> events) {
    this.run = run;
    this.plan = plan;
    this.after = after;
    this.events = events;
  }

  static Verification verify(Run run, Plan plan, HostSnapshot after, List<EventRecord> events) {
    Verifier v = new Verifier(run, plan, after, events);
    v.check();
    return new Verification(v.checks);
  }

  private void check() {
    OperationRequest req = run.request;
    switch (req.action()) {
      case STOP -> {
        if (req.scope() instanceof Scope.Host) {
          service(Planner.W3SVC, ServiceState.STOPPED);
          if (req.options().all()) {
            service(Planner.WAS, ServiceState.STOPPED);
            after
                .service(Planner.WAS)
                .ifPresent(was -> was.dependents().forEach(d -> service(d, ServiceState.STOPPED)));
          }
        }
        plan.sites().forEach(s -> site(s, ObjectState.STOPPED));
        plan.pools().forEach(p -> pool(p, ObjectState.STOPPED));
        noWorkersOf(plan.pools());
      }
      case SUSPEND -> {
        plan.sites().forEach(s -> site(s, ObjectState.STOPPED));
        workersKept();
      }
      case START, RESUME -> {
        if (req.scope() instanceof Scope.Host && req.action() == Action.START) {
          service(Planner.W3SVC, ServiceState.RUNNING);
          service(Planner.WAS, ServiceState.RUNNING);
        }
        run.startedPools.forEach(p -> pool(p, ObjectState.STARTED));
        run.startedSites.forEach(s -> site(s, ObjectState.STARTED));
        noRapidFail(run.startedPools);
      }
      case RECYCLE -> {
        plan.pools().forEach(p -> pool(p, ObjectState.STARTED));
        rotated();
        noRapidFail(plan.pools());
      }
      case RESET -> {
        service(Planner.W3SVC, ServiceState.RUNNING);
        service(Planner.WAS, ServiceState.RUNNING);
        run.startedPools.forEach(p -> pool(p, ObjectState.STARTED));
        run.startedSites.forEach(s -> site(s, ObjectState.STARTED));
        noRapidFail(run.startedPools);
      }
    }
  }

  private void service(String name, ServiceState expected) {
    ServiceInfo s = after.service(name).orElse(null);
    if (s == null) {
      checks.add(new Check(name + " is " + expected, false, "not installed"));
      return;
    }
    checks.add(
        new Check(s.name() + " is " + expected, s.state() == expected, "state " + s.state()));
  }

  private void site(String name, ObjectState expected) {
    Site s = after.site(name).orElse(null);
    String check = "site " + name + " is " + expected.display();
    if (s == null) {
      checks.add(new Check(check, false, "the site no longer exists"));
    } else if (s.state() == ObjectState.UNKNOWN && expected == ObjectState.STOPPED) {
      checks.add(new Check(check, true, "W3SVC is stopped, so no site listens"));
    } else {
      checks.add(new Check(check, s.state() == expected, "state " + s.state().display()));
    }
  }

  private void pool(String name, ObjectState expected) {
    AppPool p = after.pool(name).orElse(null);
    String check = "pool " + name + " is " + expected.display();
    if (p == null) {
      checks.add(new Check(check, false, "the pool no longer exists"));
    } else if (p.state() == ObjectState.UNKNOWN && expected == ObjectState.STOPPED) {
      checks.add(new Check(check, true, "WAS is stopped, so no pool runs"));
    } else {
      checks.add(new Check(check, p.state() == expected, "state " + p.state().display()));
    }
  }

  private void noWorkersOf(List<String> pools) {
    if (pools.isEmpty()) {
      return;
    }
    Set<String> keys =
        HostReads.keys(
            after.pools().stream()
                .filter(p -> p.state() == ObjectState.STOPPED || p.state() == ObjectState.UNKNOWN)
                .map(AppPool::name)
                .filter(n -> HostReads.keys(pools).contains(HostReads.key(n)))
                .toList());
    List<WorkerProcess> left =
        after.workers().stream().filter(w -> keys.contains(HostReads.key(w.pool()))).toList();
    checks.add(
        new Check(
            "no w3wp.exe of a stopped pool",
            left.isEmpty(),
            left.isEmpty()
                ? "none running"
                : left.stream()
                    .map(
                        w ->
                            "pid "
                                + w.pid()
                                + " ("
                                + w.pool()
                                + ", "
                                + HostReads.megabytes(w.workingSetBytes())
                                + ")")
                    .collect(Collectors.joining(", "))));
  }

  private void workersKept() {
    List<Integer> before = run.workerPidsBefore;
    if (before.isEmpty()) {
      return;
    }
    List<Integer> alive = after.workers().stream().map(WorkerProcess::pid).toList();
    List<Integer> gone = before.stream().filter(p -> !alive.contains(p)).toList();
    checks.add(
        new Check(
            "workers kept alive",
            gone.isEmpty(),
            gone.isEmpty() ? "pids " + before + " still running" : "pids " + gone + " exited"));
  }

  private void rotated() {
    List<Integer> before = run.workerPidsBefore;
    if (before.isEmpty()) {
      checks.add(
          new Check("worker pids changed", true, "no worker was running; nothing to recycle"));
      return;
    }
    Set<String> keys = HostReads.keys(plan.pools());
    List<Integer> now =
        after.workers().stream()
            .filter(w -> keys.contains(HostReads.key(w.pool())))
            .map(WorkerProcess::pid)
            .toList();
    List<Integer> stillOld = now.stream().filter(before::contains).toList();
    checks.add(
        new Check(
            "old workers exited",
            stillOld.isEmpty(),
            stillOld.isEmpty() ? "pids " + before + " are gone" : "still running: " + stillOld));
    boolean changed = !now.isEmpty() && stillOld.isEmpty();
    checks.add(new Check("worker pids changed", changed, before + " → " + now));
  }

  private void noRapidFail(java.util.Collection<String> watched) {
    List<String> disabled =
        events.stream()
            .filter(e -> e.id() == 5002 && EventCatalog.WAS.equals(e.provider()))
            .map(e -> e.data().getOrDefault("AppPoolID", "?"))
            .distinct()
            .toList();
    if (watched.isEmpty() && disabled.isEmpty()) {
      return;
    }
    checks.add(
        new Check(
            "no pool disabled by rapid-fail protection",
            disabled.isEmpty(),
            disabled.isEmpty() ? "no 5002 event" : "5002 for " + String.join(", ", disabled)));
  }
}
