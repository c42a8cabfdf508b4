package io.iisbot.iis.agent.server;

import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.Winsvc;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the agent as a service, from {@code StartServiceCtrlDispatcher} to {@code
 * SERVICE_STOPPED}: the logic behind {@link WindowsService#dispatch}. {@code ServiceMain} runs on
 * the SCM's thread and the control handler on the dispatcher's; the status they report is
 * serialized here. Use once.
 */
final class ServiceDispatcher {

  /**
   * The service-specific exit code when the agent could not start. Bit 29 marks an
   * application-defined code, so Event 7024 cannot render it as an unrelated Windows message.
   */
  static final int START_FAILED = 0x2000_0001;

  /** How long the SCM should wait between two reports while starting or stopping. */
  static final int WAIT_HINT_MILLIS = 30_000;

  static final int ACCEPTED_WHEN_RUNNING =
      Winsvc.SERVICE_ACCEPT_STOP | Winsvc.SERVICE_ACCEPT_SHUTDOWN;

  private static final Logger LOG = LoggerFactory.getLogger(ServiceDispatcher.class);

  private final ServiceApi api;
  private final String name;
  private final Supplier<AutoCloseable> start;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final Object statusLock = new Object();

  private volatile ServiceApi.Handle statusHandle;
  private volatile Throwable startFailure;
  private int checkpoint;

  ServiceDispatcher(ServiceApi api, String name, Supplier<AutoCloseable> start) {
    this.api = Objects.requireNonNull(api, "api");
    this.name = Objects.requireNonNull(name, "name");
    this.start = Objects.requireNonNull(start, "start");
  }

  /**
   * Connects to the SCM and blocks until the service has stopped.
   *
   * @throws io.iisbot.iis.IisException when the process was not started by the SCM
   * @throws IllegalStateException when {@code start} failed (after the SCM has been told)
   */
  void run() {
    try {
      api.runDispatcher(name, this::serviceMain);
    } catch (ServiceApi.Failure e) {
      throw ServiceErrors.translate("run service", name, e.code());
    }
    Throwable failure = startFailure;
    if (failure != null) {
      throw new IllegalStateException("service " + name + " failed to start: " + failure, failure);
    }
  }

  private void serviceMain() {
    try {
      statusHandle = api.registerControlHandler(name, this::onControl);
    } catch (ServiceApi.Failure e) {
      // Without a status handle nothing can be reported; the SCM times the start out (1053).
      startFailure = ServiceErrors.translate("register a control handler for", name, e.code());
      LOG.error("service {} cannot talk to the SCM", name, startFailure);
      return;
    }
    report(Winsvc.SERVICE_START_PENDING, 0, WinError.NO_ERROR, 0);
    AutoCloseable running;
    try {
      running = Objects.requireNonNull(start.get(), "start returned null instead of the server");
    } catch (Throwable e) {
      // Throwable, not Exception: Kotlin code (Javalin) can throw checked exceptions undeclared,
      // and whatever it was, the SCM must hear STOPPED or the service hangs in START_PENDING.
      startFailure = e;
      // Logged before STOPPED: once that is reported the process may be ended at any time.
      LOG.error("service {} failed to start", name, e);
      report(Winsvc.SERVICE_STOPPED, 0, WinError.ERROR_SERVICE_SPECIFIC_ERROR, START_FAILED);
      return;
    }
    report(Winsvc.SERVICE_RUNNING, ACCEPTED_WHEN_RUNNING, WinError.NO_ERROR, 0);
    LOG.info("service {} is running", name);
    awaitStop();
    try {
      running.close();
    } catch (Throwable e) {
      // Stopped on request: a non-zero exit code would make the SCM run the failure actions
      // and restart what the operator just stopped. Logged, and reported as a clean stop.
      LOG.error("service {} did not stop cleanly", name, e);
    }
    LOG.info("service {} stopped", name);
    report(Winsvc.SERVICE_STOPPED, 0, WinError.NO_ERROR, 0);
  }

  private int onControl(int control) {
    switch (control) {
      case Winsvc.SERVICE_CONTROL_STOP:
      case Winsvc.SERVICE_CONTROL_SHUTDOWN:
        // The handler must return at once; ServiceMain's thread does the closing.
        synchronized (statusLock) {
          if (stopRequested.getCount() > 0) {
            report(Winsvc.SERVICE_STOP_PENDING, 0, WinError.NO_ERROR, 0);
            stopRequested.countDown();
          }
        }
        return WinError.NO_ERROR;
      case Winsvc.SERVICE_CONTROL_INTERROGATE:
        return WinError.NO_ERROR;
      default:
        return WinError.ERROR_CALL_NOT_IMPLEMENTED;
    }
  }

  private void awaitStop() {
    boolean interrupted = false;
    while (true) {
      try {
        stopRequested.await();
        break;
      } catch (InterruptedException e) {
        // Only the SCM ends a service; keep waiting and restore the flag afterwards.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void report(int state, int accepted, int win32ExitCode, int specificExitCode) {
    synchronized (statusLock) {
      boolean pending =
          state == Winsvc.SERVICE_START_PENDING || state == Winsvc.SERVICE_STOP_PENDING;
      checkpoint = pending ? checkpoint + 1 : 0;
      ServiceApi.Status status =
          new ServiceApi.Status(
              state,
              accepted,
              win32ExitCode,
              specificExitCode,
              checkpoint,
              pending ? WAIT_HINT_MILLIS : 0);
      try {
        api.setStatus(statusHandle, status);
      } catch (ServiceApi.Failure e) {
        // Nothing better to do than carry on: the next report may get through.
        LOG.warn("service {} could not report {}: {}", name, status, e.code());
      }
    }
  }
}
