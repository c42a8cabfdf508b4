package io.iisbot.iis.windows;

import static com.sun.jna.platform.win32.Winsvc.SERVICE_CONTINUE_PENDING;
import static com.sun.jna.platform.win32.Winsvc.SERVICE_PAUSED;
import static com.sun.jna.platform.win32.Winsvc.SERVICE_PAUSE_PENDING;
import static com.sun.jna.platform.win32.Winsvc.SERVICE_RUNNING;
import static com.sun.jna.platform.win32.Winsvc.SERVICE_START_PENDING;
import static com.sun.jna.platform.win32.Winsvc.SERVICE_STOPPED;
import static com.sun.jna.platform.win32.Winsvc.SERVICE_STOP_PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.Winsvc;
import io.iisbot.iis.IisException;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class JnaServiceControlTest {

  private FakeScmApi scm;
  private JnaServiceControl control;

  /** IIS as IIS-FACTS describes it, plus a two-level chain: SiteProbe → W3SVC → WAS. */
  @BeforeEach
  void iis() {
    scm = new FakeScmApi();
    FakeScmApi.Service was = scm.add("WAS", SERVICE_RUNNING);
    was.pid = 812;
    was.controlsAccepted = Winsvc.SERVICE_ACCEPT_STOP | Winsvc.SERVICE_ACCEPT_PAUSE_CONTINUE;
    was.strings.put("DisplayName", "@%windir%\\system32\\inetsrv\\iisres.dll,-30013");
    was.resolvedDisplayName = "Windows Process Activation Service";
    was.multiStrings.put("DependOnService", List.of("RPCSS"));
    FakeScmApi.Service w3svc = scm.add("W3SVC", SERVICE_RUNNING);
    w3svc.pid = 812;
    w3svc.checkpoint = 3;
    w3svc.waitHint = 20_000;
    w3svc.strings.put("DisplayName", "World Wide Web Publishing Service");
    w3svc.multiStrings.put("DependOnService", List.of("HTTP", "WAS", "+NetworkProvider"));
    scm.add("NetTcpActivator", SERVICE_RUNNING);
    scm.add("NetPipeActivator", SERVICE_STOPPED);
    scm.add("SiteProbe", SERVICE_RUNNING);
    scm.add("HTTP", SERVICE_RUNNING);
    scm.add("RPCSS", SERVICE_RUNNING);
    scm.depends("HTTP", "RPCSS");
    scm.depends("W3SVC", "WAS");
    scm.depends("NetTcpActivator", "WAS");
    scm.depends("NetPipeActivator", "WAS");
    scm.depends("W3SVC", "HTTP");
    scm.depends("SiteProbe", "W3SVC");
    scm.depends("WAS", "RPCSS");
    control = new JnaServiceControl(scm);
  }

  @AfterEach
  void everyHandleClosed() {
    assertThat(scm.openHandles()).as("handles left open").isZero();
  }

  @ParameterizedTest
  @CsvSource({"false, false", "true, false", "false, true", "true, true"})
  void dependentsOf_was_everyDependentOnceLeavesFirst(boolean indirect, boolean reversed) {
    scm.listsIndirectDependents = indirect;
    scm.reverseListing = reversed;

    List<String> dependents = control.dependentsOf("WAS");

    assertThat(dependents)
        .containsExactlyInAnyOrder("W3SVC", "NetTcpActivator", "NetPipeActivator", "SiteProbe")
        .doesNotHaveDuplicates();
    assertThat(dependents.indexOf("SiteProbe")).isLessThan(dependents.indexOf("W3SVC"));
  }

  @Test
  void dependentsOf_threeLevelChain_deepestFirst() {
    scm.add("A", SERVICE_RUNNING);
    scm.add("B", SERVICE_RUNNING);
    scm.add("C", SERVICE_RUNNING);
    scm.depends("B", "A");
    scm.depends("C", "B");
    scm.depends("C", "A");

    assertThat(control.dependentsOf("A")).containsExactly("C", "B");
  }

  @Test
  void dependentsOf_rpcss_reachesW3svcThroughTwoPaths_once() {
    // W3SVC depends on both HTTP and WAS, and WAS on RPCSS, which HTTP depends on too.
    List<String> dependents = control.dependentsOf("RPCSS");

    assertThat(dependents).doesNotHaveDuplicates().contains("W3SVC", "WAS", "HTTP");
    assertThat(dependents.indexOf("W3SVC")).isLessThan(dependents.indexOf("WAS"));
    assertThat(dependents.indexOf("W3SVC")).isLessThan(dependents.indexOf("HTTP"));
    assertThat(dependents.indexOf("SiteProbe")).isLessThan(dependents.indexOf("W3SVC"));
  }

  @Test
  void dependentsOf_noDependents_sizingCallSucceeds_isEmpty() {
    assertThat(control.dependentsOf("SiteProbe")).isEmpty();
    assertThat(scm.calls).contains("enum SiteProbe 0").doesNotContain("enum SiteProbe 100");
  }

  @Test
  void dependentsOf_sizingCallNeedsZeroBytes_isEmptyWithoutSecondCall() {
    scm.service("W3SVC").sizingSaysZeroBytes = true;

    assertThat(control.dependentsOf("W3SVC")).isEmpty();
    assertThat(scm.calls.stream().filter(c -> c.startsWith("enum W3SVC"))).hasSize(1);
  }

  @Test
  void dependentsOf_sizingCallFailsUnexpectedly_isTranslated() {
    scm.service("WAS").sizingError = WinError.ERROR_ACCESS_DENIED;

    assertThatThrownBy(() -> control.dependentsOf("WAS"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.isAccessDenied()).isTrue();
              assertThat(e.target()).isEqualTo("WAS");
              assertThat(e.hint()).contains("list the dependents of service WAS", "elevated");
            });
  }

  @Test
  void dependentsOf_listingCallFails_isTranslatedWithItsCode() {
    scm.service("WAS").listingError = WinError.ERROR_INVALID_HANDLE;

    assertThatThrownBy(() -> control.dependentsOf("WAS"))
        .isInstanceOfSatisfying(
            IisException.class, e -> assertThat(e.code()).isEqualTo(WinError.ERROR_INVALID_HANDLE));
  }

  @Test
  void dependentsOf_opensEachServiceToEnumerateOnly() {
    control.dependentsOf("WAS");

    assertThat(scm.calls.stream().filter(c -> c.startsWith("open ")))
        .isNotEmpty()
        .allMatch(c -> c.endsWith(" " + Winsvc.SERVICE_ENUMERATE_DEPENDENTS));
  }

  @Test
  void stop_running_sendsOneStopWithStopAndQueryRightsOnly() {
    control.stop("W3SVC");

    assertThat(scm.calls)
        .contains("open W3SVC " + (Winsvc.SERVICE_STOP | Winsvc.SERVICE_QUERY_STATUS))
        .containsOnlyOnce("control W3SVC " + Winsvc.SERVICE_CONTROL_STOP);
  }

  @Test
  void stop_stopPending_refusedWith1052WithoutSendingAControl() {
    scm.service("W3SVC").state = SERVICE_STOP_PENDING;

    assertThatThrownBy(() -> control.stop("W3SVC"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IisException.INVALID_SERVICE_CONTROL);
              assertThat(e.hint()).contains("stop is already in progress");
            });
    assertThat(scm.calls).noneMatch(c -> c.startsWith("control"));
  }

  @ParameterizedTest
  @ValueSource(ints = {SERVICE_START_PENDING, SERVICE_PAUSE_PENDING, SERVICE_CONTINUE_PENDING})
  void stop_otherPendingState_refusedWith1061WithoutSendingAControl(int state) {
    scm.service("W3SVC").state = state;

    assertThatThrownBy(() -> control.stop("W3SVC"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IisException.SERVICE_CANNOT_ACCEPT_CTRL);
              assertThat(e.isTransient()).isTrue();
            });
    assertThat(scm.calls).noneMatch(c -> c.startsWith("control"));
  }

  @Test
  void stop_stopped_1062WithoutSendingAControl() {
    scm.service("W3SVC").state = SERVICE_STOPPED;

    assertThatThrownBy(() -> control.stop("W3SVC"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> assertThat(e.code()).isEqualTo(IisException.SERVICE_NOT_ACTIVE));
    assertThat(scm.calls).noneMatch(c -> c.startsWith("control"));
  }

  @Test
  void stop_paused_sendsTheStop() {
    scm.service("WAS").state = SERVICE_PAUSED;
    scm.service("WAS").dependents.clear();

    control.stop("WAS");

    assertThat(scm.calls).contains("control WAS " + Winsvc.SERVICE_CONTROL_STOP);
  }

  @Test
  void stop_dependentsRunning_1051NamesTheRunningDependentsOnly() {
    scm.service("WAS").controlError = IisException.DEPENDENT_SERVICES_RUNNING;

    assertThatThrownBy(() -> control.stop("WAS"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IisException.DEPENDENT_SERVICES_RUNNING);
              assertThat(e.operation()).isEqualTo("stop service");
              assertThat(e.hint())
                  .contains("SiteProbe", "W3SVC", "NetTcpActivator")
                  .doesNotContain("NetPipeActivator");
              assertThat(e.hint().indexOf("SiteProbe")).isLessThan(e.hint().indexOf("W3SVC"));
            });
  }

  @Test
  void stop_dependentsRunningButUnlistable_1051StillSaysWhatToDo() {
    scm.service("WAS").controlError = IisException.DEPENDENT_SERVICES_RUNNING;
    scm.service("WAS").sizingError = WinError.ERROR_ACCESS_DENIED;

    assertThatThrownBy(() -> control.stop("WAS"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(IisException.DEPENDENT_SERVICES_RUNNING);
              assertThat(e.hint()).contains("stop them first");
            });
  }

  @Test
  void stop_accessDenied_hintSaysElevate() {
    scm.service("W3SVC").openError = WinError.ERROR_ACCESS_DENIED;

    assertThatThrownBy(() -> control.stop("W3SVC"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> {
              assertThat(e.isAccessDenied()).isTrue();
              assertThat(e.getMessage())
                  .startsWith("stop service W3SVC failed (error 5)")
                  .contains("elevated");
            });
  }

  @Test
  void stop_notInstalled_1060() {
    assertThatThrownBy(() -> control.stop("NetMsmqActivator"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> assertThat(e.code()).isEqualTo(IisException.SERVICE_DOES_NOT_EXIST));
  }

  @Test
  void start_stopped_sendsStartWithStartAndQueryRightsOnly() {
    scm.service("W3SVC").state = SERVICE_STOPPED;

    control.start("W3SVC");

    assertThat(scm.calls)
        .contains("open W3SVC " + (Winsvc.SERVICE_START | Winsvc.SERVICE_QUERY_STATUS))
        .containsOnlyOnce("start W3SVC");
  }

  @Test
  void start_stopPending_refusedAsPendingWithoutStarting() {
    scm.service("W3SVC").state = SERVICE_STOP_PENDING;

    assertThatThrownBy(() -> control.start("W3SVC"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> assertThat(e.code()).isEqualTo(IisException.SERVICE_CANNOT_ACCEPT_CTRL));
    assertThat(scm.calls).doesNotContain("start W3SVC");
  }

  @Test
  void start_alreadyRunning_1056FromTheScmIsKept() {
    scm.service("W3SVC").startError = IisException.SERVICE_ALREADY_RUNNING;

    assertThatThrownBy(() -> control.start("W3SVC"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> assertThat(e.code()).isEqualTo(IisException.SERVICE_ALREADY_RUNNING));
  }

  @Test
  void query_iisServices_readsStatusRegistryAndDependents() {
    Map<String, ServiceInfo> byName =
        control.query(List.of("W3SVC", "WAS")).stream()
            .collect(java.util.stream.Collectors.toMap(ServiceInfo::name, s -> s));

    ServiceInfo w3svc = byName.get("W3SVC");
    assertThat(w3svc.displayName()).isEqualTo("World Wide Web Publishing Service");
    assertThat(w3svc.state()).isEqualTo(ServiceState.RUNNING);
    assertThat(w3svc.acceptsPause()).isFalse();
    assertThat(w3svc.dependsOn()).containsExactly("HTTP", "WAS");
    assertThat(w3svc.dependents()).containsExactly("SiteProbe");
    assertThat(w3svc.pid()).isEqualTo(byName.get("WAS").pid());
    assertThat(w3svc.checkpoint()).isEqualTo(3);
    assertThat(w3svc.waitHint()).isEqualTo(Duration.ofSeconds(20));

    ServiceInfo was = byName.get("WAS");
    assertThat(was.acceptsPause()).isTrue();
    assertThat(was.dependsOn()).containsExactly("RPCSS");
    assertThat(was.dependents())
        .containsExactlyInAnyOrder("SiteProbe", "W3SVC", "NetTcpActivator", "NetPipeActivator");
  }

  @Test
  void query_indirectDisplayName_isResolvedNeverShownAsAPath() {
    ServiceInfo was = control.query(List.of("WAS")).get(0);

    assertThat(was.displayName()).isEqualTo("Windows Process Activation Service");
  }

  @Test
  void query_unresolvableDisplayName_fallsBackToTheKeyName() {
    scm.service("WAS").resolvedDisplayName = null;

    assertThat(control.query(List.of("WAS")).get(0).displayName()).isEqualTo("WAS");
  }

  @Test
  void query_noDependOnServiceValue_noDependencies() {
    ServiceInfo probe = control.query(List.of("SiteProbe")).get(0);

    assertThat(probe.dependsOn()).isEmpty();
    assertThat(probe.displayName()).isEqualTo("SiteProbe");
  }

  @Test
  void query_missingService_isLeftOut() {
    List<ServiceInfo> found = control.query(List.of("NetMsmqActivator", "W3SVC", "AppHostSvc"));

    assertThat(found).extracting(ServiceInfo::name).containsExactly("W3SVC");
  }

  @Test
  void query_opensForStatusOnly() {
    control.query(List.of("W3SVC"));

    assertThat(scm.calls).contains("open W3SVC " + Winsvc.SERVICE_QUERY_STATUS);
  }

  @Test
  void query_badName_rejectedBeforeAnyNativeCall() {
    assertThatThrownBy(() -> control.query(List.of("W3SVC", "W3SVC\" /x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid service name");
    assertThat(scm.calls).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-W3SVC", "W3 SVC", "W3SVC;calc"})
  void stopAndStart_badName_rejectedBeforeAnyNativeCall(String name) {
    assertThatThrownBy(() -> control.stop(name)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> control.start(name)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> control.dependentsOf(name))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(scm.calls).isEmpty();
  }

  @Test
  void query_managerCannotBeOpened_isTranslated() {
    scm.managerError = WinError.ERROR_ACCESS_DENIED;

    assertThatThrownBy(() -> control.query(List.of("W3SVC")))
        .isInstanceOfSatisfying(IisException.class, e -> assertThat(e.isAccessDenied()).isTrue());
  }
}
