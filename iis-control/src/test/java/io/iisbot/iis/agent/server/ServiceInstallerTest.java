package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.platform.win32.Winsvc;
import io.iisbot.iis.IisException;
import io.iisbot.iis.sim.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Install and remove against {@link FakeServiceApi}: the calls, their order and the messages. */
final class ServiceInstallerTest {

  private static final String NAME = "iisbot-agent";

  private final FakeServiceApi api = new FakeServiceApi();
  private final VirtualClock clock = VirtualClock.standard();
  private final ServiceInstaller installer = new ServiceInstaller(api, clock, clock);

  private static WindowsService.InstallSpec spec(String account, String password) {
    return WindowsServiceSpecTest.spec(NAME, account, password);
  }

  @Test
  void install_validSpec_createsThenConfiguresInOrder() {
    installer.install(spec("NT SERVICE\\iisbot-agent", null));

    assertThat(api.calls)
        .containsExactly(
            "openManager(0x3)",
            "createService(iisbot-agent)",
            "setDescription(Lets iisbot stop and start IIS.)",
            "setFailureActions",
            "setFailureActionsOnNonCrashFailures(true)",
            "setDelayedAutoStart(true)",
            "close(service iisbot-agent)",
            "close(manager)");
    assertThat(api.openHandles()).isEmpty();
  }

  @Test
  void install_validSpec_createsAnAutoStartOwnProcessServiceWithoutDependencies() {
    installer.install(spec("NT SERVICE\\iisbot-agent", null));

    ServiceApi.Create c = api.created;
    assertThat(c.name()).isEqualTo(NAME);
    assertThat(c.displayName()).isEqualTo("iisbot agent");
    assertThat(c.serviceType()).isEqualTo(0x10); // SERVICE_WIN32_OWN_PROCESS
    assertThat(c.startType()).isEqualTo(2); // SERVICE_AUTO_START
    assertThat(c.errorControl()).isEqualTo(1); // SERVICE_ERROR_NORMAL
    assertThat(c.access())
        .isEqualTo(Winsvc.SERVICE_CHANGE_CONFIG | Winsvc.SERVICE_QUERY_STATUS | 0x10000);
    assertThat(c.binaryPath())
        .isEqualTo(WindowsService.commandLine(spec("NT SERVICE\\iisbot-agent", null)));
    assertThat(c.account()).isEqualTo("NT SERVICE\\iisbot-agent");
    assertThat(c.password()).isNull();
  }

  @Test
  void install_validSpec_restartsTwiceAfter10sThenNothingResetAfterADay() {
    installer.install(spec("LocalSystem", null));

    assertThat(api.resetPeriod).isEqualTo(Duration.ofDays(1));
    assertThat(api.failureActions)
        .containsExactly(
            new ServiceApi.FailureAction(Winsvc.SC_ACTION_RESTART, Duration.ofSeconds(10)),
            new ServiceApi.FailureAction(Winsvc.SC_ACTION_RESTART, Duration.ofSeconds(10)),
            new ServiceApi.FailureAction(Winsvc.SC_ACTION_NONE, Duration.ZERO));
  }

  @Test
  void install_localSystem_passesNoAccountName() {
    installer.install(spec("LocalSystem", null));

    assertThat(api.created.account()).isNull();
  }

  @Test
  void install_user_passesAccountAndPasswordButNeverPrintsIt() {
    installer.install(spec(".\\iisbot", "s3cret"));

    assertThat(api.created.account()).isEqualTo(".\\iisbot");
    assertThat(api.created.password()).isEqualTo("s3cret");
    assertThat(api.created.toString()).doesNotContain("s3cret");
  }

  @Test
  void install_serviceExists_saysHowToRemoveIt() {
    api.failures.put("createService", 1073);

    assertThatThrownBy(() -> installer.install(spec("LocalSystem", null)))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(1073);
              assertThat(e.operation()).isEqualTo("install service");
              assertThat(e.target()).isEqualTo(NAME);
            })
        .hasMessage(
            "install service iisbot-agent failed (error 1073): a service named iisbot-agent"
                + " already exists; remove it first (the agent's remove command, or sc.exe delete"
                + " iisbot-agent from an elevated prompt), then install again");
    assertThat(api.calls).doesNotContain("setDescription(Lets iisbot stop and start IIS.)");
    assertThat(api.openHandles()).isEmpty();
  }

  @Test
  void install_notElevated_saysRunElevated() {
    api.failures.put("openManager", 5);

    assertThatThrownBy(() -> installer.install(spec("LocalSystem", null)))
        .isInstanceOf(IisException.class)
        .hasMessageContaining("run this from an elevated prompt");
    assertThat(api.calls).containsExactly("openManager(0x3)");
  }

  @Test
  void install_configurationFails_deletesTheNewServiceAgain() {
    api.failures.put("setFailureActions", 87);

    assertThatThrownBy(() -> installer.install(spec("LocalSystem", null)))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(87);
              assertThat(e.operation()).isEqualTo("configure service");
            });
    assertThat(api.calls)
        .containsSubsequence("createService(iisbot-agent)", "setFailureActions", "delete")
        .doesNotContain("setDelayedAutoStart(true)");
    assertThat(api.openHandles()).isEmpty();
  }

  @Test
  void install_configurationAndRollbackFail_reportsBoth() {
    api.failures.put("setDescription", 87);
    api.failures.put("delete", 5);

    assertThatThrownBy(() -> installer.install(spec("LocalSystem", null)))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(87);
              assertThat(e.getSuppressed()).hasSize(1);
              assertThat(((IisException) e.getSuppressed()[0]).code()).isEqualTo(5);
            });
    assertThat(api.openHandles()).isEmpty();
  }

  @Test
  void remove_running_stopsWaitsThenDeletes() {
    api.states.addAll(
        List.of(
            Winsvc.SERVICE_RUNNING,
            Winsvc.SERVICE_STOP_PENDING,
            Winsvc.SERVICE_STOP_PENDING,
            Winsvc.SERVICE_STOPPED));

    installer.remove(NAME);

    assertThat(api.calls)
        .containsExactly(
            "openManager(0x1)",
            "openService(iisbot-agent, 0x10024)",
            "queryState",
            "control(1)",
            "queryState",
            "queryState",
            "queryState",
            "delete",
            "close(service iisbot-agent)",
            "close(manager)");
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-05T09:00:00.750Z"));
  }

  @Test
  void remove_stopped_deletesWithoutAStop() {
    api.states.add(Winsvc.SERVICE_STOPPED);

    installer.remove(NAME);

    assertThat(api.calls).doesNotContain("control(1)").contains("delete");
    assertThat(api.openHandles()).isEmpty();
  }

  @Test
  void remove_stopPending_waitsWithoutAnotherStop() {
    api.states.addAll(List.of(Winsvc.SERVICE_STOP_PENDING, Winsvc.SERVICE_STOPPED));

    installer.remove(NAME);

    assertThat(api.calls).doesNotContain("control(1)").contains("delete");
  }

  @Test
  void remove_startPending_asksAgainUntilTheStopIsTaken() {
    api.states.addAll(
        List.of(
            Winsvc.SERVICE_START_PENDING,
            Winsvc.SERVICE_RUNNING,
            Winsvc.SERVICE_STOP_PENDING,
            Winsvc.SERVICE_STOPPED));
    api.controlErrors.addAll(List.of(1061, 0));

    installer.remove(NAME);

    assertThat(api.calls.stream().filter("control(1)"::equals)).hasSize(2);
    assertThat(api.calls).endsWith("delete", "close(service iisbot-agent)", "close(manager)");
  }

  @Test
  void remove_stoppedMeanwhile_deletes() {
    api.states.addAll(List.of(Winsvc.SERVICE_RUNNING, Winsvc.SERVICE_STOPPED));
    api.controlErrors.add(1062);

    installer.remove(NAME);

    assertThat(api.calls).contains("delete");
  }

  @Test
  void remove_neverStops_keepsItInstalledAndSaysSo() {
    api.states.addAll(List.of(Winsvc.SERVICE_RUNNING, Winsvc.SERVICE_STOP_PENDING));

    assertThatThrownBy(() -> installer.remove(NAME))
        .isInstanceOfSatisfying(IisException.class, e -> assertThat(e.code()).isEqualTo(1053))
        .hasMessageContaining("did not stop within 30 s, so it was left installed");
    assertThat(api.calls).doesNotContain("delete");
    assertThat(api.openHandles()).isEmpty();
    assertThat(Duration.between(Instant.parse("2026-01-05T09:00:00Z"), clock.instant()))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void remove_noSuchService_saysSo() {
    api.failures.put("openService", 1060);

    assertThatThrownBy(() -> installer.remove(NAME))
        .isInstanceOfSatisfying(IisException.class, e -> assertThat(e.code()).isEqualTo(1060))
        .hasMessage(
            "remove service iisbot-agent failed (error 1060): no such service: iisbot-agent is"
                + " not installed on this host");
    assertThat(api.openHandles()).isEmpty();
  }

  @Test
  void remove_stopRefused_saysWhy() {
    api.states.add(Winsvc.SERVICE_RUNNING);
    api.controlErrors.add(5);

    assertThatThrownBy(() -> installer.remove(NAME))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.operation()).isEqualTo("stop service");
              assertThat(e.isAccessDenied()).isTrue();
            })
        .hasMessageContaining("elevated prompt");
    assertThat(api.calls).doesNotContain("delete");
    assertThat(api.openHandles()).isEmpty();
  }

  @Test
  void remove_markedForDelete_saysWhatHoldsIt() {
    api.states.add(Winsvc.SERVICE_STOPPED);
    api.failures.put("delete", 1072);

    assertThatThrownBy(() -> installer.remove(NAME))
        .isInstanceOf(IisException.class)
        .hasMessageContaining("marked for deletion");
  }

  @Test
  void remove_badName_isRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> installer.remove("iisbot agent"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(api.calls).isEmpty();
  }
}
