package io.iisbot.iis.windows;

import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.Winsvc;
import io.iisbot.iis.IisException;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link ServiceControl} over the Service Control Manager. Opens every service with only the rights
 * the call needs, closes every handle it opens, never sends a control to a pending service, and
 * turns every failure into an {@link IisException} through {@link Win32Errors}. Thread-safe: it
 * keeps no state between calls.
 */
final class JnaServiceControl implements ServiceControl {

  private static final String QUERY = "query service";
  private static final String LIST_DEPENDENTS = "list the dependents of service";
  private static final String START = "start service";
  private static final String STOP = "stop service";

  private final ScmApi api;

  /** The real SCM of this host. */
  JnaServiceControl() {
    this(new JnaScmApi());
  }

  JnaServiceControl(ScmApi api) {
    this.api = api;
  }

  @Override
  public List<ServiceInfo> query(List<String> names) {
    names.forEach(Names::service);
    List<ServiceInfo> found = new ArrayList<>();
    ScmApi.Handle manager = openManager(QUERY, String.join(", ", names));
    try {
      for (String name : names) {
        info(manager, name).ifPresent(found::add);
      }
    } finally {
      api.close(manager);
    }
    return List.copyOf(found);
  }

  @Override
  public List<String> dependentsOf(String name) {
    Names.service(name);
    ScmApi.Handle manager = openManager(LIST_DEPENDENTS, name);
    try {
      return dependents(manager, name, Winsvc.SERVICE_STATE_ALL, LIST_DEPENDENTS);
    } finally {
      api.close(manager);
    }
  }

  @Override
  public void start(String name) {
    withService(
        name,
        Winsvc.SERVICE_START | Winsvc.SERVICE_QUERY_STATUS,
        START,
        (manager, service) -> {
          // StartService answers 1056 ("already running") while the old instance is still
          // stopping, and callers count 1056 as success: refuse as pending instead, so they wait.
          if (state(service, name, START) == ServiceState.STOP_PENDING) {
            throw Win32Errors.translate(START, name, IisException.SERVICE_CANNOT_ACCEPT_CTRL);
          }
          try {
            api.start(service);
          } catch (Win32Failure f) {
            throw Win32Errors.translate(START, name, f.code());
          }
        });
  }

  @Override
  public void stop(String name) {
    withService(
        name,
        Winsvc.SERVICE_STOP | Winsvc.SERVICE_QUERY_STATUS,
        STOP,
        (manager, service) -> {
          ServiceState state = state(service, name, STOP);
          if (state == ServiceState.STOP_PENDING) {
            throw Win32Errors.translate(STOP, name, IisException.INVALID_SERVICE_CONTROL);
          }
          if (state.isPending()) {
            throw Win32Errors.translate(STOP, name, IisException.SERVICE_CANNOT_ACCEPT_CTRL);
          }
          if (state == ServiceState.STOPPED) {
            throw Win32Errors.translate(STOP, name, IisException.SERVICE_NOT_ACTIVE);
          }
          try {
            api.control(service, Winsvc.SERVICE_CONTROL_STOP);
          } catch (Win32Failure f) {
            if (f.code() == IisException.DEPENDENT_SERVICES_RUNNING) {
              throw Win32Errors.translate(STOP, name, f.code(), runningDependents(manager, name));
            }
            throw Win32Errors.translate(STOP, name, f.code());
          }
        });
  }

  /** Work on one open service; both handles are closed after it, whatever happens. */
  @FunctionalInterface
  private interface ServiceWork {
    void run(ScmApi.Handle manager, ScmApi.Handle service);
  }

  private void withService(String name, int rights, String operation, ServiceWork work) {
    Names.service(name);
    ScmApi.Handle manager = openManager(operation, name);
    try {
      ScmApi.Handle service = openService(manager, name, rights, operation);
      try {
        work.run(manager, service);
      } finally {
        api.close(service);
      }
    } finally {
      api.close(manager);
    }
  }

  private Optional<ServiceInfo> info(ScmApi.Handle manager, String name) {
    ScmApi.Status status;
    ScmApi.Handle service;
    try {
      service = api.openService(manager, name, Winsvc.SERVICE_QUERY_STATUS);
    } catch (Win32Failure f) {
      if (f.code() == IisException.SERVICE_DOES_NOT_EXIST) {
        return Optional.empty();
      }
      throw Win32Errors.translate(QUERY, name, f.code());
    }
    try {
      status = api.queryStatus(service);
    } catch (Win32Failure f) {
      throw Win32Errors.translate(QUERY, name, f.code());
    } finally {
      api.close(service);
    }
    return Optional.of(
        new ServiceInfo(
            name,
            displayName(manager, name),
            ServiceState.ofCode(status.state()),
            (status.controlsAccepted() & Winsvc.SERVICE_ACCEPT_PAUSE_CONTINUE) != 0,
            dependsOn(name),
            dependents(manager, name, Winsvc.SERVICE_STATE_ALL, QUERY),
            status.pid(),
            status.checkpoint(),
            Duration.ofMillis(Integer.toUnsignedLong(status.waitHintMillis()))));
  }

  private List<String> dependsOn(String name) {
    List<String> values;
    try {
      values = api.registryStrings(name, "DependOnService").orElse(List.of());
    } catch (Win32Failure f) {
      throw Win32Errors.translate(QUERY, name, f.code());
    }
    // Entries starting with '+' are load-order groups, not services.
    return values.stream().filter(v -> !v.isEmpty() && !v.startsWith("+")).toList();
  }

  /**
   * The registry's DisplayName, unless it is an indirect string ({@code @%windir%\...dll,-100}),
   * which holds a path and means nothing to a person: then the SCM's resolved name. The key name
   * when neither can be read, since a display name is only ever shown.
   */
  private String displayName(ScmApi.Handle manager, String name) {
    try {
      Optional<String> registered =
          api.registryString(name, "DisplayName").filter(v -> !v.isBlank() && !v.startsWith("@"));
      if (registered.isPresent()) {
        return registered.get();
      }
      String resolved = api.displayName(manager, name);
      return resolved.isBlank() || resolved.startsWith("@") ? name : resolved;
    } catch (Win32Failure f) {
      return name;
    }
  }

  private List<String> runningDependents(ScmApi.Handle manager, String name) {
    try {
      return dependents(manager, name, Winsvc.SERVICE_ACTIVE, STOP);
    } catch (IisException e) {
      // The 1051 itself is what matters; without the names the hint still says what to do.
      return List.of();
    }
  }

  /**
   * Every service depending on {@code root}, directly or not, each listed after all of its own
   * dependents (leaves first), once. Windows may already list indirect dependents; walking each one
   * again only finds names already seen.
   */
  private List<String> dependents(
      ScmApi.Handle manager, String root, int serviceState, String operation) {
    Map<String, String> ordered = new LinkedHashMap<>();
    Set<String> entered = new HashSet<>();
    entered.add(key(root));
    visit(manager, root, serviceState, operation, entered, ordered);
    return List.copyOf(ordered.values());
  }

  private void visit(
      ScmApi.Handle manager,
      String name,
      int serviceState,
      String operation,
      Set<String> entered,
      Map<String, String> ordered) {
    for (String dependent : directDependents(manager, name, serviceState, operation)) {
      if (entered.add(key(dependent))) {
        visit(manager, dependent, serviceState, operation, entered, ordered);
        ordered.put(key(dependent), dependent);
      }
    }
  }

  private List<String> directDependents(
      ScmApi.Handle manager, String name, int serviceState, String operation) {
    ScmApi.Handle service;
    try {
      service = api.openService(manager, name, Winsvc.SERVICE_ENUMERATE_DEPENDENTS);
    } catch (Win32Failure f) {
      if (f.code() == IisException.SERVICE_DOES_NOT_EXIST) {
        // Deleted since its parent listed it: nothing left to stop there.
        return List.of();
      }
      throw Win32Errors.translate(operation, name, f.code());
    }
    try {
      ScmApi.Dependents sizing = api.enumDependents(service, serviceState, 0);
      if (sizing.ok()) {
        return sizing.names();
      }
      if (sizing.error() != WinError.ERROR_MORE_DATA) {
        throw Win32Errors.translate(operation, name, sizing.error());
      }
      if (sizing.bytesNeeded() == 0) {
        return List.of();
      }
      ScmApi.Dependents listed = api.enumDependents(service, serviceState, sizing.bytesNeeded());
      if (!listed.ok()) {
        throw Win32Errors.translate(operation, name, listed.error());
      }
      return listed.names();
    } finally {
      api.close(service);
    }
  }

  private ServiceState state(ScmApi.Handle service, String name, String operation) {
    try {
      return ServiceState.ofCode(api.queryStatus(service).state());
    } catch (Win32Failure f) {
      throw Win32Errors.translate(operation, name, f.code());
    }
  }

  private ScmApi.Handle openManager(String operation, String target) {
    try {
      return api.openManager();
    } catch (Win32Failure f) {
      throw Win32Errors.translate(operation, target, f.code());
    }
  }

  private ScmApi.Handle openService(
      ScmApi.Handle manager, String name, int access, String operation) {
    try {
      return api.openService(manager, name, access);
    } catch (Win32Failure f) {
      throw Win32Errors.translate(operation, name, f.code());
    }
  }

  /** Service names are case-insensitive. */
  private static String key(String name) {
    return name.toUpperCase(Locale.ROOT);
  }
}
