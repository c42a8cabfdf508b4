package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.iisbot.iis.IisException;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The real SCM, Toolhelp and PDH on a Windows host. Read-only: nothing here starts, stops or kills
 * anything, and the kill attempts are all ones that must be refused. IIS checks are skipped on a
 * host without IIS.
 */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
final class WindowsNativeTest {

  private final JnaServiceControl services = new JnaServiceControl();
  private final ToolhelpProcessTable processes = new ToolhelpProcessTable();

  private Map<String, ServiceInfo> iis() {
    Map<String, ServiceInfo> byName =
        services.query(List.of("W3SVC", "WAS")).stream()
            .collect(Collectors.toMap(s -> s.name().toUpperCase(Locale.ROOT), s -> s));
    assumeTrue(byName.containsKey("W3SVC") && byName.containsKey("WAS"), "IIS is not installed");
    return byName;
  }

  @Test
  void query_w3svc_dependsOnWasAndDoesNotAcceptPause() {
    ServiceInfo w3svc = iis().get("W3SVC");

    assertThat(w3svc.dependsOn()).anySatisfy(d -> assertThat(d).isEqualToIgnoringCase("WAS"));
    assertThat(w3svc.acceptsPause()).isFalse();
    assertThat(w3svc.displayName()).isNotBlank().doesNotStartWith("@").doesNotContain("\\");
  }

  @Test
  void query_bothRunning_shareOneSvchost() {
    Map<String, ServiceInfo> byName = iis();
    ServiceInfo w3svc = byName.get("W3SVC");
    ServiceInfo was = byName.get("WAS");
    assumeTrue(
        w3svc.state() == ServiceState.RUNNING && was.state() == ServiceState.RUNNING,
        "W3SVC and WAS are not both running");

    assertThat(w3svc.pid()).isPositive().isEqualTo(was.pid());
    assertThat(processes.processes("svchost.exe"))
        .anySatisfy(p -> assertThat(p.pid()).isEqualTo(was.pid()));
  }

  @Test
  void dependentsOf_was_includesW3svcAfterItsOwnDependents() {
    iis();

    List<String> dependents = services.dependentsOf("WAS");

    assertThat(dependents)
        .doesNotHaveDuplicates()
        .anySatisfy(d -> assertThat(d).isEqualToIgnoringCase("W3SVC"));
    for (String d : dependents) {
      List<String> own = services.dependentsOf(d);
      for (String o : own) {
        assertThat(dependents.indexOf(o)).as(o + " before " + d).isLessThan(dependents.indexOf(d));
      }
    }
  }

  @Test
  void query_notInstalled_leftOut() {
    assertThat(services.query(List.of("IisBotNoSuchService"))).isEmpty();
  }

  @Test
  void processes_ownImage_listsThisJvmWithAWorkingSet() {
    long self = ProcessHandle.current().pid();
    String image =
        processes.processes("java.exe").stream().anyMatch(p -> p.pid() == self)
            ? "java.exe"
            : "javaw.exe";

    assertThat(processes.processes(image))
        .anySatisfy(
            p -> {
              assertThat(p.pid()).isEqualTo((int) self);
              assertThat(p.workingSetBytes()).isPositive();
            });
  }

  @Test
  void terminate_svchost_refusedWhateverWasAsked() {
    int svchost = processes.processes("svchost.exe").get(0).pid();

    for (String asked : List.of("svchost.exe", "w3wp.exe")) {
      assertThatThrownBy(() -> processes.terminate(svchost, asked))
          .isInstanceOfSatisfying(
              IisException.class,
              e -> assertThat(e.code()).isEqualTo(IisException.INVALID_PARAMETER));
    }
    assertThat(processes.processes("svchost.exe"))
        .anySatisfy(p -> assertThat(p.pid()).isEqualTo(svchost));
  }

  @Test
  void terminate_ownPidAsW3wp_refusedAsAnotherImage() {
    int self = (int) ProcessHandle.current().pid();

    assertThatThrownBy(() -> processes.terminate(self, "w3wp.exe"))
        .isInstanceOfSatisfying(
            IisException.class,
            e -> assertThat(e.code()).isEqualTo(IisException.INVALID_PARAMETER));
  }

  @Test
  void activeByPool_w3svcRunning_readsOrFailsOnlyWithoutWorkers() {
    assumeTrue(iis().get("W3SVC").state() == ServiceState.RUNNING, "W3SVC is not running");
    List<ProcessTable.ProcessEntry> workers = processes.processes("w3wp.exe");

    try {
      assertThat(new PdhRequestCounter().activeByPool())
          .allSatisfy(
              (pool, n) -> {
                assertThat(pool).isNotBlank();
                assertThat(n).isNotNegative();
              });
    } catch (IisException e) {
      assertThat(workers).as("PDH failed while workers run: " + e.getMessage()).isEmpty();
    }
  }
}
