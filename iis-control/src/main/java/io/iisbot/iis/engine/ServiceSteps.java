package io.iisbot.iis.engine;

import io.iisbot.iis.Durations;
import io.iisbot.iis.IisException;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Steps on services: stop with dependents leaves first, start, wait with hung detection. */
final class ServiceSteps {

  private ServiceSteps() {}

  /** Stops a service after its running dependents, leaves first, waiting for each. */
  static String stopServiceTree(Run run, String name) throws InterruptedException {
    List<ServiceInfo> all = run.read("query services", run.host::services);
    List<String> order = new ArrayList<>();
    leavesFirst(all, name, order, new LinkedHashSet<>());
    List<String> stopped = new ArrayList<>();
    for (String svcName : order) {
      ServiceInfo s = HostReads.service(run, svcName);
      if (s.state() == ServiceState.STOPPED) {
        continue;
      }
      if (s.state() == ServiceState.START_PENDING
          || s.state() == ServiceState.CONTINUE_PENDING
          || s.state() == ServiceState.PAUSE_PENDING) {
        awaitService(run, svcName, null);
      }
      run.noReturn = "the stop of " + svcName + " was already sent";
      if (HostReads.service(run, svcName).state() != ServiceState.STOP_PENDING) {
        try {
          run.call("stop service " + svcName, () -> run.host.stopService(svcName));
        } catch (IisException e) {
          if (e.code() != IisException.SERVICE_NOT_ACTIVE
              && e.code() != IisException.INVALID_SERVICE_CONTROL) {
            throw e;
          }
        }
      }
      awaitService(run, svcName, ServiceState.STOPPED);
      run.stoppedServices.add(svcName);
      stopped.add(svcName);
    }
    if (stopped.isEmpty()) {
      throw new Step.Skip(name + " was already stopped");
    }
    return "stopped " + String.join(", then ", stopped);
  }

  private static void leavesFirst(
      List<ServiceInfo> all, String name, List<String> order, Set<String> visiting) {
    if (!visiting.add(name.toUpperCase(Locale.ROOT))) {
      return;
    }
    ServiceInfo s =
        all.stream().filter(x -> x.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    if (s == null) {
      throw new Step.Failure("service " + name + " is not installed on this host");
    }
    for (String d : s.dependents()) {
      leavesFirst(all, d, order, visiting);
    }
    if (order.stream().noneMatch(o -> o.equalsIgnoreCase(s.name()))) {
      order.add(s.name());
    }
  }

  static String startServices(Run run, List<String> names) throws InterruptedException {
    List<String> started = new ArrayList<>();
    for (String name : names) {
      ServiceInfo s = HostReads.service(run, name);
      if (s.state() == ServiceState.RUNNING) {
        continue;
      }
      if (s.state() == ServiceState.STOP_PENDING) {
        awaitService(run, name, ServiceState.STOPPED);
      }
      try {
        run.call("start service " + name, () -> run.host.startService(name));
      } catch (IisException e) {
        if (e.code() != IisException.SERVICE_ALREADY_RUNNING) {
          throw e;
        }
      }
      for (String dep : s.dependsOn()) {
        awaitService(run, dep, ServiceState.RUNNING);
      }
      awaitService(run, name, ServiceState.RUNNING);
      started.add(name);
    }
    if (started.isEmpty()) {
      throw new Step.Skip(String.join(", ", names) + " already running");
    }
    return "started " + String.join(", ", started);
  }

  /**
   * Waits for a service to reach {@code target} (or any settled state when null). A pending state
   * whose checkpoint does not move within the wait hint is a hung service, as the SCM defines it.
   */
  static void awaitService(Run run, String name, ServiceState target) throws InterruptedException {
    Instant deadline = run.now().plus(run.settings.serviceTimeout());
    ServiceInfo[] last = {null};
    int[] checkpoint = {-1};
    Instant[] movedAt = {run.now()};
    String[] hung = {null};
    boolean reached =
        run.await(
            deadline,
            () -> {
              ServiceInfo s = HostReads.service(run, name);
              last[0] = s;
              if (target == null ? !s.state().isPending() : s.state() == target) {
                return true;
              }
              if (s.checkpoint() != checkpoint[0]) {
                checkpoint[0] = s.checkpoint();
                movedAt[0] = run.now();
              }
              Duration hint = s.waitHint();
              if (s.state().isPending()
                  && !hint.isZero()
                  && Duration.between(movedAt[0], run.now()).compareTo(hint) >= 0) {
                hung[0] =
                    name
                        + " is stuck in "
                        + s.state()
                        + ": checkpoint "
                        + s.checkpoint()
                        + " has not moved for "
                        + Durations.format(Duration.between(movedAt[0], run.now()))
                        + " (wait hint "
                        + Durations.format(hint)
                        + ")";
                return true;
              }
              if (!s.state().isPending() && target != null) {
                hung[0] = name + " went to " + s.state() + " instead of " + target;
                return true;
              }
              return false;
            });
    if (hung[0] != null) {
      throw new Step.Failure(hung[0]);
    }
    if (!reached) {
      ServiceInfo s = last[0];
      throw new Step.Failure(
          name
              + " did not reach "
              + target
              + " within "
              + Durations.format(run.settings.serviceTimeout())
              + (s == null
                  ? ""
                  : "; it is "
                      + s.state()
                      + " (wait hint "
                      + Durations.format(s.waitHint())
                      + ")"));
    }
  }
}
