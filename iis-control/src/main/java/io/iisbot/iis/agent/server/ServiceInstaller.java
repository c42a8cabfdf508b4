package io.iisbot.iis.agent.server;

import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import io.iisbot.iis.IisException;
import io.iisbot.iis.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Installs and removes the agent's service through a {@link ServiceApi}: the policy behind {@link
 * WindowsService#install} and {@link WindowsService#remove}. Closes every handle it opens and turns
 * every failure into an {@link IisException} through {@link ServiceErrors}. Thread-safe: it keeps
 * no state between calls.
 */
final class ServiceInstaller {

  static final String INSTALL = "install service";
  static final String CONFIGURE = "configure service";
  static final String REMOVE = "remove service";
  static final String STOP = "stop service";

  /** How long {@link #remove} waits for a running service to stop. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  static final Duration POLL = Duration.ofMillis(250);

  /**
   * The SCM counts the reset period in seconds; a day without failures forgets the earlier ones.
   */
  static final Duration FAILURE_RESET = Duration.ofDays(1);

  /** Restart 10 s after the first and the second failure, then leave it stopped. */
  static final List<ServiceApi.FailureAction> FAILURE_ACTIONS =
      List.of(
          new ServiceApi.FailureAction(Winsvc.SC_ACTION_RESTART, Duration.ofSeconds(10)),
          new ServiceApi.FailureAction(Winsvc.SC_ACTION_RESTART, Duration.ofSeconds(10)),
          new ServiceApi.FailureAction(Winsvc.SC_ACTION_NONE, Duration.ZERO));

  private final ServiceApi api;
  private final Clock clock;
  private final Sleeper sleeper;

  ServiceInstaller(ServiceApi api, Clock clock, Sleeper sleeper) {
    this.api = api;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  void install(WindowsService.InstallSpec spec) {
    String name = spec.serviceName();
    ServiceApi.Create create =
        new ServiceApi.Create(
            name,
            spec.displayName(),
            // DELETE only to take back a half-configured service.
            Winsvc.SERVICE_CHANGE_CONFIG | Winsvc.SERVICE_QUERY_STATUS | WinNT.DELETE,
            WinNT.SERVICE_WIN32_OWN_PROCESS,
            WinNT.SERVICE_AUTO_START,
            WinNT.SERVICE_ERROR_NORMAL,
            WindowsService.commandLine(spec),
            WindowsService.startName(spec.account()),
            spec.password());
    ServiceApi.Handle manager =
        open(
            INSTALL,
            name,
            () -> api.openManager(Winsvc.SC_MANAGER_CONNECT | Winsvc.SC_MANAGER_CREATE_SERVICE));
    try {
      ServiceApi.Handle service = open(INSTALL, name, () -> api.createService(manager, create));
      try {
        configure(service, spec);
      } catch (ServiceApi.Failure e) {
        // All or nothing: a service without its failure actions would look installed and
        // behave differently from what install promised.
        IisException failure = ServiceErrors.translate(CONFIGURE, name, e.code());
        try {
          api.delete(service);
        } catch (ServiceApi.Failure f) {
          failure.addSuppressed(ServiceErrors.translate(REMOVE, name, f.code()));
        }
        throw failure;
      } finally {
        api.close(service);
      }
    } finally {
      api.close(manager);
    }
  }

  private void configure(ServiceApi.Handle service, WindowsService.InstallSpec spec) {
    api.setDescription(service, spec.description());
    api.setFailureActions(service, FAILURE_RESET, FAILURE_ACTIONS);
    // A failed start reports STOPPED with an exit code instead of crashing; without this flag
    // the SCM would treat that as a clean stop and never restart it.
    api.setFailureActionsOnNonCrashFailures(service, true);
    // Boot first runs what the host needs; the agent can wait a couple of minutes.
    api.setDelayedAutoStart(service, true);
  }

  void remove(String name) {
    WindowsService.checkServiceName(name);
    ServiceApi.Handle manager =
        open(REMOVE, name, () -> api.openManager(Winsvc.SC_MANAGER_CONNECT));
    try {
      ServiceApi.Handle service =
          open(
              REMOVE,
              name,
              () ->
                  api.openService(
                      manager,
                      name,
                      Winsvc.SERVICE_STOP | Winsvc.SERVICE_QUERY_STATUS | WinNT.DELETE));
      try {
        stop(service, name);
        try {
          api.delete(service);
        } catch (ServiceApi.Failure e) {
          throw ServiceErrors.translate(REMOVE, name, e.code());
        }
      } finally {
        api.close(service);
      }
    } finally {
      api.close(manager);
    }
  }

  /**
   * Stops the service and waits until it is stopped. Deleting a running service only marks it for
   * deletion, which then blocks a new install until the process exits; so a service that does not
   * stop is left installed and the caller is told.
   */
  private void stop(ServiceApi.Handle service, String name) {
    Instant deadline = clock.instant().plus(STOP_TIMEOUT);
    boolean stopSent = false;
    while (true) {
      int state = query(service, name);
      if (state == Winsvc.SERVICE_STOPPED) {
        return;
      }
      if (!stopSent && state != Winsvc.SERVICE_STOP_PENDING) {
        stopSent = sendStop(service, name);
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new IisException(
            REMOVE,
            name,
            IisException.SERVICE_REQUEST_TIMEOUT,
            "the service did not stop within "
                + STOP_TIMEOUT.toSeconds()
                + " s, so it was left installed; stop it (sc.exe stop "
                + name
                + ", or end its java.exe) and run remove again");
      }
      try {
        sleeper.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IisException(
            REMOVE, name, WinError.ERROR_OPERATION_ABORTED, "interrupted while waiting to stop");
      }
    }
  }

  /** Whether the STOP was taken; false when the service cannot take it yet (still starting). */
  private boolean sendStop(ServiceApi.Handle service, String name) {
    try {
      api.control(service, Winsvc.SERVICE_CONTROL_STOP);
      return true;
    } catch (ServiceApi.Failure e) {
      switch (e.code()) {
        case WinError.ERROR_SERVICE_NOT_ACTIVE:
          // It stopped between the query and the control.
          return true;
        case WinError.ERROR_SERVICE_CANNOT_ACCEPT_CTRL:
        case WinError.ERROR_INVALID_SERVICE_CONTROL:
          // START_PENDING or another pending state: ask again on the next poll.
          return false;
        default:
          throw ServiceErrors.translate(STOP, name, e.code());
      }
    }
  }

  private int query(ServiceApi.Handle service, String name) {
    try {
      return api.queryState(service);
    } catch (ServiceApi.Failure e) {
      throw ServiceErrors.translate(STOP, name, e.code());
    }
  }

  private static ServiceApi.Handle open(
      String operation, String name, java.util.function.Supplier<ServiceApi.Handle> call) {
    try {
      return call.get();
    } catch (ServiceApi.Failure e) {
      throw ServiceErrors.translate(operation, name, e.code());
    }
  }
}
