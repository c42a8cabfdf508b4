package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import com.sun.jna.platform.win32.Winsvc;
import io.iisbot.iis.IisException;
import io.iisbot.iis.logging.LogCapture;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service's life against {@link FakeServiceApi}, whose ServiceMain runs on a thread of its own
 * and whose controls arrive on the dispatcher's thread, as with the real SCM.
 */
final class ServiceDispatcherTest {

  private static final String NAME = "iisbot-agent";
  private static final int STOP = Winsvc.SERVICE_CONTROL_STOP;

  private final FakeServiceApi api = new FakeServiceApi();
  private LogCapture logged;

  @BeforeEach
  void captureLog() {
    logged = LogCapture.of(ServiceDispatcher.class).quiet();
  }

  @AfterEach
  void releaseLog() {
    logged.close();
  }

  private static Throwable thrown(ILoggingEvent r) {
    return ((ThrowableProxy) r.getThrowableProxy()).getThrowable();
  }

  private AutoCloseable server() {
    api.calls.add("server started");
    return () -> api.calls.add("server closed");
  }

  private static ServiceApi.Status status(int state, int accepted, int checkpoint, int hint) {
    return new ServiceApi.Status(state, accepted, 0, 0, checkpoint, hint);
  }

  @Test
  void dispatch_stop_reportsStartPendingRunningStopPendingStopped() {
    api.controlsWhenRunning.add(STOP);

    new ServiceDispatcher(api, NAME, this::server).run();

    assertThat(api.statuses)
        .containsExactly(
            status(Winsvc.SERVICE_START_PENDING, 0, 1, 30_000),
            status(
                Winsvc.SERVICE_RUNNING,
                Winsvc.SERVICE_ACCEPT_STOP | Winsvc.SERVICE_ACCEPT_SHUTDOWN,
                0,
                0),
            status(Winsvc.SERVICE_STOP_PENDING, 0, 1, 30_000),
            status(Winsvc.SERVICE_STOPPED, 0, 0, 0));
    assertThat(api.controlReplies).containsExactly(0);
  }

  @Test
  void dispatch_stop_startsAfterStartPendingAndClosesBeforeStopped() {
    api.controlsWhenRunning.add(STOP);

    new ServiceDispatcher(api, NAME, this::server).run();

    assertThat(api.calls)
        .containsExactly(
            "runDispatcher(iisbot-agent)",
            "registerControlHandler(iisbot-agent)",
            "setStatus(2)",
            "server started",
            "setStatus(4)",
            "setStatus(3)",
            "server closed",
            "setStatus(1)");
  }

  @Test
  void dispatch_shutdown_stopsTheSameWay() {
    api.controlsWhenRunning.add(Winsvc.SERVICE_CONTROL_SHUTDOWN);

    new ServiceDispatcher(api, NAME, this::server).run();

    assertThat(api.statuses)
        .extracting(ServiceApi.Status::state)
        .containsExactly(
            Winsvc.SERVICE_START_PENDING,
            Winsvc.SERVICE_RUNNING,
            Winsvc.SERVICE_STOP_PENDING,
            Winsvc.SERVICE_STOPPED);
    assertThat(api.calls).contains("server closed");
  }

  @Test
  void dispatch_otherControls_interrogateAnsweredOthersNotImplemented() {
    api.controlsWhenRunning.addAll(
        List.of(Winsvc.SERVICE_CONTROL_INTERROGATE, Winsvc.SERVICE_CONTROL_PAUSE, STOP, STOP));

    new ServiceDispatcher(api, NAME, this::server).run();

    assertThat(api.controlReplies).containsExactly(0, 120, 0, 0);
    // The second STOP neither reports again nor closes twice.
    assertThat(api.statuses)
        .extracting(ServiceApi.Status::state)
        .containsOnlyOnce(Winsvc.SERVICE_STOP_PENDING);
    assertThat(api.calls).containsOnlyOnce("server closed");
  }

  @Test
  void dispatch_startThrows_reportsStoppedWithServiceSpecificCodeAndLogsWhy() {
    api.controlsWhenRunning.add(STOP);
    IllegalStateException boom = new IllegalStateException("port 8443 is in use");

    assertThatThrownBy(
            () ->
                new ServiceDispatcher(
                        api,
                        NAME,
                        () -> {
                          throw boom;
                        })
                    .run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("service iisbot-agent failed to start: " + boom)
        .hasCause(boom);
    assertThat(api.statuses)
        .containsExactly(
            status(Winsvc.SERVICE_START_PENDING, 0, 1, 30_000),
            new ServiceApi.Status(
                Winsvc.SERVICE_STOPPED, 0, 1066, ServiceDispatcher.START_FAILED, 0, 0));
    assertThat(api.controlReplies).isEmpty();
    assertThat(logged.events())
        .anySatisfy(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.ERROR);
              assertThat(r.getFormattedMessage()).isEqualTo("service iisbot-agent failed to start");
              assertThat(thrown(r)).isSameAs(boom);
            });
  }

  @Test
  void dispatch_startThrowsCheckedUndeclared_stillReportsStopped() {
    IOException bind = new IOException("Failed to bind to 0.0.0.0/0.0.0.0:8443");

    assertThatThrownBy(() -> new ServiceDispatcher(api, NAME, () -> sneakyThrow(bind)).run())
        .hasCause(bind);
    assertThat(api.statuses)
        .last()
        .isEqualTo(
            new ServiceApi.Status(
                Winsvc.SERVICE_STOPPED, 0, 1066, ServiceDispatcher.START_FAILED, 0, 0));
  }

  @Test
  void dispatch_startReturnsNull_failsTheStart() {
    assertThatThrownBy(() -> new ServiceDispatcher(api, NAME, () -> null).run())
        .isInstanceOf(IllegalStateException.class)
        .hasRootCauseInstanceOf(NullPointerException.class);
    assertThat(api.statuses).last().extracting(ServiceApi.Status::win32ExitCode).isEqualTo(1066);
  }

  @Test
  void dispatch_closeThrows_logsAndStillReportsACleanStop() {
    api.controlsWhenRunning.add(STOP);
    IllegalStateException stuck = new IllegalStateException("jetty did not stop");

    new ServiceDispatcher(
            api,
            NAME,
            () ->
                () -> {
                  throw stuck;
                })
        .run();

    // A non-zero code here would make the SCM restart what the operator just stopped.
    assertThat(api.statuses).last().isEqualTo(status(Winsvc.SERVICE_STOPPED, 0, 0, 0));
    assertThat(logged.events())
        .anySatisfy(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.ERROR);
              assertThat(thrown(r)).isSameAs(stuck);
            });
  }

  @Test
  void dispatch_notStartedByTheScm_saysHowToStartIt() {
    api.failures.put("runDispatcher", 1063);

    assertThatThrownBy(() -> new ServiceDispatcher(api, NAME, this::server).run())
        .isInstanceOfSatisfying(IisException.class, e -> assertThat(e.code()).isEqualTo(1063))
        .hasMessageContaining("sc.exe start iisbot-agent");
    assertThat(api.calls).doesNotContain("server started");
  }

  @Test
  void dispatch_handlerCannotBeRegistered_neverStartsTheServer() {
    api.failures.put("registerControlHandler", 1063);

    assertThatThrownBy(() -> new ServiceDispatcher(api, NAME, this::server).run())
        .isInstanceOf(IllegalStateException.class)
        .hasCauseInstanceOf(IisException.class);
    assertThat(api.calls).doesNotContain("server started");
    assertThat(api.statuses).isEmpty();
  }

  @Test
  void dispatch_statusReportFails_carriesOnToStopped() {
    api.controlsWhenRunning.add(STOP);
    api.failures.put("setStatus", 6);

    new ServiceDispatcher(api, NAME, this::server).run();

    assertThat(api.statuses).hasSize(4);
    assertThat(api.calls).contains("server closed");
    assertThat(logged.events()).anySatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.WARN));
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> AutoCloseable sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }
}
