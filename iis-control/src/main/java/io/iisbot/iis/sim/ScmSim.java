package io.iisbot.iis.sim;

import io.iisbot.iis.IisException;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.sim.Scenario.ServiceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Service Control Manager for the IIS services: pending states with wait hints and checkpoints,
 * dependencies started first, 1051 while dependents run, one svchost shared by W3SVC and WAS.
 */
final class ScmSim {

  /** What the services host: told of every state entered, asked whether a stop may complete. */
  interface Listener {
    void entered(String service, ServiceState state);

    /** Whether the service has finished its own shutdown work (W3SVC and WAS: workers gone). */
    boolean stopComplete(String service);
  }

  /** How often a stopping service checks whether its shutdown work is done. */
  static final Duration STOP_RECHECK = Duration.ofMillis(250);

  static final String HTTP = "HTTP";
  static final String WAS = "WAS";
  static final String W3SVC = "W3SVC";

  /** How long SCM waits for a hung control before it logs 7011. */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(30);

  private static final List<ServiceSpec> STANDARD =
      List.of(
          new ServiceSpec(
              HTTP,
              "HTTP Service",
              ServiceState.RUNNING,
              List.of(),
              false,
              null,
              Duration.ofMillis(200),
              Duration.ofMillis(500),
              Duration.ZERO),
          new ServiceSpec(
              WAS,
              "Windows Process Activation Service",
              ServiceState.RUNNING,
              List.of(),
              true,
              "iissvcs",
              Duration.ofSeconds(1),
              Duration.ofMillis(1500),
              Duration.ofSeconds(30)),
          new ServiceSpec(
              W3SVC,
              "World Wide Web Publishing Service",
              ServiceState.RUNNING,
              List.of(HTTP, WAS),
              false,
              "iissvcs",
              Duration.ofSeconds(2),
              Duration.ofSeconds(3),
              Duration.ofSeconds(30)));

  private static final class Svc {
    final String name;
    final String displayName;
    final boolean acceptsPause;
    final List<String> dependsOn;
    final String group;
    final Duration startDelay;
    final Duration stopDelay;
    final Duration waitHint;
    final boolean kernelDriver;
    boolean stuckOnStop;
    boolean denied;
    ServiceState state;
    int pid;
    Instant pendingSince;
    Instant readyAt;
    long generation;

    Svc(ServiceSpec s) {
      name = s.name();
      displayName = s.displayName();
      acceptsPause = s.acceptsPause();
      dependsOn = s.dependsOn();
      group = s.group();
      startDelay = s.startDelay();
      stopDelay = s.stopDelay();
      waitHint = s.waitHint();
      kernelDriver = HTTP.equals(s.name());
      state = s.state();
    }
  }

  private final Timeline timeline;
  private final SimEventLog events;
  private final PidAllocator pids;
  private final Listener listener;
  private final Map<String, Svc> services = new LinkedHashMap<>();
  private final Map<String, Integer> groupPids = new LinkedHashMap<>();

  ScmSim(
      Timeline timeline,
      SimEventLog events,
      PidAllocator pids,
      Scenario scenario,
      Listener listener) {
    this.timeline = timeline;
    this.events = events;
    this.pids = pids;
    this.listener = listener;
    for (ServiceSpec s : merge(scenario.services())) {
      services.put(key(s.name()), new Svc(s));
    }
    List<String> problems = new ArrayList<>();
    for (Svc s : services.values()) {
      for (String d : s.dependsOn) {
        Svc dep = services.get(key(d));
        if (dep == null) {
          problems.add("services." + s.name + ".dependsOn: no service \"" + d + "\"");
        } else if (s.state == ServiceState.RUNNING && dep.state != ServiceState.RUNNING) {
          problems.add("services." + s.name + ": running, but it needs " + dep.name + " running");
        }
      }
      if (s.state != ServiceState.RUNNING && s.state != ServiceState.STOPPED) {
        problems.add("services." + s.name + ".state: must be RUNNING or STOPPED");
      }
      s.stuckOnStop = Scenario.Faults.contains(scenario.faults().stuckStopPending(), s.name);
      s.denied = Scenario.Faults.contains(scenario.faults().accessDenied(), s.name);
      if (s.state == ServiceState.RUNNING) {
        s.pid = pidOf(s);
      }
    }
    for (String stuck : scenario.faults().stuckStopPending()) {
      if (!services.containsKey(key(stuck))) {
        problems.add("faults.stuckStopPending: no service \"" + stuck + "\"");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid scenario: " + String.join("; ", problems));
    }
  }

  /** The standard three with the scenario's changes applied, then the scenario's extra services. */
  private static List<ServiceSpec> merge(List<ServiceSpec> changes) {
    List<ServiceSpec> result = new ArrayList<>();
    for (ServiceSpec std : STANDARD) {
      ServiceSpec c =
          changes.stream()
              .filter(x -> x.name().equalsIgnoreCase(std.name()))
              .findFirst()
              .orElse(null);
      result.add(c == null ? std : overlay(std, c));
    }
    for (ServiceSpec c : changes) {
      if (STANDARD.stream().noneMatch(x -> x.name().equalsIgnoreCase(c.name()))) {
        result.add(
            overlay(
                new ServiceSpec(
                    c.name(),
                    c.name(),
                    ServiceState.RUNNING,
                    List.of(WAS),
                    false,
                    null,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(30)),
                c));
      }
    }
    return result;
  }

  private static ServiceSpec overlay(ServiceSpec base, ServiceSpec c) {
    return new ServiceSpec(
        base.name(),
        Scenario.orDefault(c.displayName(), base.displayName()),
        Scenario.orDefault(c.state(), base.state()),
        Scenario.orDefault(c.dependsOn(), base.dependsOn()),
        Scenario.orDefault(c.acceptsPause(), base.acceptsPause()),
        Scenario.orDefault(c.group(), base.group()),
        Scenario.orDefault(c.startDelay(), base.startDelay()),
        Scenario.orDefault(c.stopDelay(), base.stopDelay()),
        Scenario.orDefault(c.waitHint(), base.waitHint()));
  }

  private static String key(String name) {
    return name.toUpperCase(Locale.ROOT);
  }

  boolean isRunning(String name) {
    Svc s = services.get(key(name));
    return s != null && s.state == ServiceState.RUNNING;
  }

  /** The services whose process this pid is, if any: never a process the agent may kill. */
  List<String> servicesInProcess(int pid) {
    return services.values().stream()
        .filter(s -> pid != 0 && s.pid == pid)
        .map(s -> s.name)
        .toList();
  }

  List<ServiceInfo> list() {
    List<ServiceInfo> out = new ArrayList<>();
    for (Svc s : services.values()) {
      out.add(
          new ServiceInfo(
              s.name,
              s.displayName,
              s.state,
              s.acceptsPause && s.state == ServiceState.RUNNING,
              s.dependsOn,
              dependents(s).stream().map(d -> d.name).toList(),
              s.pid,
              checkpoint(s),
              s.state.isPending() ? s.waitHint : Duration.ZERO));
    }
    return out;
  }

  private int checkpoint(Svc s) {
    if (!s.state.isPending()) {
      return 0;
    }
    Duration total = s.state == ServiceState.STOP_PENDING ? s.stopDelay : s.startDelay;
    if (s.stuckOnStop && s.state == ServiceState.STOP_PENDING) {
      return 1;
    }
    long quarter = Math.max(1, total.toMillis() / 4);
    return 1 + (int) (Duration.between(s.pendingSince, timeline.now()).toMillis() / quarter);
  }

  private List<Svc> dependents(Svc s) {
    return services.values().stream()
        .filter(o -> o.dependsOn.stream().anyMatch(d -> d.equalsIgnoreCase(s.name)))
        .toList();
  }

  void start(String name) {
    Svc s = require(name, "start service");
    if (s.denied) {
      throw IisException.accessDenied("start service", s.name);
    }
    switch (s.state) {
      case STOPPED -> beginStart(s);
      case RUNNING, PAUSED ->
          throw new IisException(
              "start service", s.name, IisException.SERVICE_ALREADY_RUNNING, "already running");
      default ->
          throw new IisException(
              "start service",
              s.name,
              IisException.SERVICE_CANNOT_ACCEPT_CTRL,
              "the service is " + s.state + "; wait for it to settle and retry");
    }
  }

  /** Starts dependencies first, as the SCM does; returns when this service will be running. */
  private Instant beginStart(Svc s) {
    if (s.state == ServiceState.RUNNING) {
      return timeline.now();
    }
    if (s.state == ServiceState.START_PENDING) {
      return s.readyAt;
    }
    if (s.state != ServiceState.STOPPED) {
      throw new IisException(
          "start service",
          s.name,
          IisException.SERVICE_CANNOT_ACCEPT_CTRL,
          "the service is " + s.state + "; wait for it to settle and retry");
    }
    Instant depsReady = timeline.now();
    for (String d : s.dependsOn) {
      Instant ready = beginStart(services.get(key(d)));
      depsReady = ready.isAfter(depsReady) ? ready : depsReady;
    }
    s.state = ServiceState.START_PENDING;
    s.pendingSince = timeline.now();
    s.pid = pidOf(s);
    s.readyAt = depsReady.plus(s.startDelay);
    long generation = ++s.generation;
    listener.entered(s.name, s.state);
    timeline.at(
        s.readyAt,
        () -> {
          if (s.generation == generation) {
            enter(s, ServiceState.RUNNING);
          }
        });
    return s.readyAt;
  }

  void stop(String name) {
    Svc s = require(name, "stop service");
    if (s.denied) {
      throw IisException.accessDenied("stop service", s.name);
    }
    switch (s.state) {
      case STOPPED ->
          throw new IisException(
              "stop service",
              s.name,
              IisException.SERVICE_NOT_ACTIVE,
              "the service is not running");
      case STOP_PENDING ->
          throw new IisException(
              "stop service",
              s.name,
              IisException.INVALID_SERVICE_CONTROL,
              "a stop is already in progress; wait for it instead of sending another");
      case RUNNING, PAUSED -> beginStop(s);
      default ->
          throw new IisException(
              "stop service",
              s.name,
              IisException.SERVICE_CANNOT_ACCEPT_CTRL,
              "the service is " + s.state + "; wait for it to settle and retry");
    }
  }

  private void beginStop(Svc s) {
    List<String> running =
        dependents(s).stream()
            .filter(d -> d.state != ServiceState.STOPPED)
            .map(d -> d.name)
            .toList();
    if (!running.isEmpty()) {
      throw IisException.dependentsRunning(s.name, running);
    }
    s.state = ServiceState.STOP_PENDING;
    s.pendingSince = timeline.now();
    long generation = ++s.generation;
    listener.entered(s.name, s.state);
    if (s.stuckOnStop) {
      timeline.after(
          TRANSACTION_TIMEOUT,
          () -> {
            if (s.generation == generation) {
              events.transactionTimeout(s.name);
            }
          });
      return;
    }
    timeline.after(s.stopDelay, () -> finishStop(s, generation));
  }

  /** A stopping service reports STOPPED only once what it hosts has shut down. */
  private void finishStop(Svc s, long generation) {
    if (s.generation != generation) {
      return;
    }
    if (listener.stopComplete(s.name)) {
      enter(s, ServiceState.STOPPED);
    } else {
      timeline.after(STOP_RECHECK, () -> finishStop(s, generation));
    }
  }

  private void enter(Svc s, ServiceState state) {
    s.state = state;
    if (state == ServiceState.STOPPED) {
      s.pid = 0;
      if (s.group != null
          && services.values().stream()
              .noneMatch(o -> s.group.equals(o.group) && o.state != ServiceState.STOPPED)) {
        groupPids.remove(s.group);
      }
    }
    events.serviceEntered(s.name, s.displayName, state);
    listener.entered(s.name, state);
  }

  private int pidOf(Svc s) {
    if (s.kernelDriver) {
      return 0;
    }
    if (s.group == null) {
      return pids.next();
    }
    return groupPids.computeIfAbsent(s.group, g -> pids.next());
  }

  private Svc require(String name, String operation) {
    Svc s = services.get(key(name));
    if (s == null) {
      throw new IisException(
          operation, name, IisException.SERVICE_DOES_NOT_EXIST, "no such service on this host");
    }
    return s;
  }
}
