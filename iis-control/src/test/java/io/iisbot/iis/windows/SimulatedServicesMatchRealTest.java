package io.iisbot.iis.windows;

import static io.iisbot.iis.windows.EventLogFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.WorkerProcess;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The simulator's standard services agree with what {@code sc query}, {@code tasklist /svc} and
 * {@code iisreset /status} show on real IIS hosts. The parsers here are the tests' own: iisbot
 * reads the SCM through its API, not through these commands.
 */
final class SimulatedServicesMatchRealTest {

  private final VirtualClock clock = VirtualClock.standard();

  // ---- sc query --------------------------------------------------------------------------------

  @Test
  void scQuery_fixture_showsW3svcNotPausableAndWasPausable() {
    Map<String, ScQuery> real = scQuery(text("sc-query-w3svc-was-apphostsvc.txt"));

    assertThat(real).containsOnlyKeys("AppHostSvc", "W3SVC", "WAS");
    assertThat(real.get("W3SVC").flags())
        .containsExactly("STOPPABLE", "NOT_PAUSABLE", "ACCEPTS_SHUTDOWN");
    assertThat(real.get("WAS").flags())
        .containsExactly("STOPPABLE", "PAUSABLE", "ACCEPTS_SHUTDOWN");
    assertThat(real.values()).extracting(ScQuery::type).containsOnly("WIN32_SHARE_PROCESS");
    assertThat(real.values()).extracting(ScQuery::state).containsOnly("RUNNING");
  }

  @Test
  void simulator_standardServices_acceptPauseAsScQueryShows() {
    Map<String, ScQuery> real = scQuery(text("sc-query-w3svc-was-apphostsvc.txt"));
    SimulatedIisHost host = SimulatedIisHost.of("healthy", clock);

    for (String name : List.of("W3SVC", "WAS")) {
      ServiceInfo sim = service(host, name);
      ScQuery sc = real.get(name);
      assertThat(sim.acceptsPause()).as(name + " accepts pause").isEqualTo(sc.pausable());
      assertThat(sim.displayName()).isEqualTo(sc.displayName());
      assertThat(sim.state().name()).isEqualTo(sc.state());
    }
    assertThat(service(host, "W3SVC").acceptsPause()).isFalse();
    assertThat(service(host, "WAS").acceptsPause()).isTrue();
  }

  // ---- tasklist /svc ---------------------------------------------------------------------------

  @Test
  void tasklist_fixture_showsW3svcAndWasInOneSvchost() {
    List<TaskRow> rows = tasklist(text("tasklist-svc-iis.partial.txt"));

    assertThat(rows)
        .containsExactly(
            new TaskRow("svchost.exe", 1256, List.of("AppHostSvc")),
            new TaskRow("svchost.exe", 1368, List.of("W3SVC", "WAS")),
            new TaskRow("w3wp.exe", 2832, List.of()));
    assertThat(pidHosting(rows, "W3SVC")).isEqualTo(pidHosting(rows, "WAS"));
  }

  @Test
  void simulator_w3svcAndWas_shareOneSvchostThatIsNoWorker() {
    SimulatedIisHost host = SimulatedIisHost.of("healthy", clock);

    int w3svc = service(host, "W3SVC").pid();
    int was = service(host, "WAS").pid();

    assertThat(w3svc).isPositive().isEqualTo(was);
    assertThat(host.workers()).isNotEmpty();
    assertThat(host.workers()).extracting(WorkerProcess::pid).doesNotContain(w3svc);
  }

  // ---- iisreset /status ------------------------------------------------------------------------

  @Test
  void iisresetStatus_fixture_listsTheServicesIisresetManages() {
    Map<String, String> real = iisreset(text("iisreset-status.txt"));

    assertThat(real)
        .containsExactly(
            Map.entry("IISADMIN", "IIS Admin Service"),
            Map.entry("WAS", "Windows Process Activation Service"),
            Map.entry("NetMsmqActivator", "Net.Msmq Listener Adapter"),
            Map.entry("NetPipeActivator", "Net.Pipe Listener Adapter"),
            Map.entry("NetTcpActivator", "Net.Tcp Listener Adapter"),
            Map.entry("W3SVC", "World Wide Web Publishing Service"));
  }

  /**
   * iisreset manages the WCF activators because they depend on WAS: stopping WAS takes them down
   * with W3SVC. The busy scenario has the Net.Tcp one; the simulator must name and wire it alike.
   */
  @Test
  void simulator_services_areNamedAndWiredAsIisresetShows() {
    Map<String, String> real = iisreset(text("iisreset-status.txt"));
    SimulatedIisHost host = SimulatedIisHost.of("busy", clock);

    for (String name : List.of("W3SVC", "WAS", "NetTcpActivator")) {
      assertThat(service(host, name).displayName()).as(name).isEqualTo(real.get(name));
    }
    assertThat(service(host, "NetTcpActivator").dependsOn()).containsExactly("WAS");
    assertThat(service(host, "W3SVC").dependsOn()).contains("WAS");
    assertThat(service(host, "WAS").dependents()).contains("W3SVC", "NetTcpActivator");
  }

  // ---- the tests' parsers ----------------------------------------------------------------------

  /** One {@code sc query} block. */
  record ScQuery(String name, String displayName, String type, String state, List<String> flags) {
    boolean pausable() {
      return flags.contains("PAUSABLE");
    }
  }

  private static Map<String, ScQuery> scQuery(String text) {
    Map<String, ScQuery> out = new LinkedHashMap<>();
    for (String block : text.split("\\R\\s*\\R")) {
      String name = field(block, "SERVICE_NAME: *(\\S+)");
      out.put(
          name,
          new ScQuery(
              name,
              field(block, "DISPLAY_NAME: *(.+?) *$"),
              field(block, "TYPE *: *\\d+ +(\\S+)"),
              field(block, "STATE *: *\\d+ +(\\S+)"),
              Arrays.stream(field(block, "\\(([A-Z_, ]+)\\)").split(","))
                  .map(String::strip)
                  .toList()));
    }
    return out;
  }

  /** One {@code tasklist /svc} row. */
  record TaskRow(String image, int pid, List<String> services) {}

  private static List<TaskRow> tasklist(String text) {
    List<TaskRow> rows = new ArrayList<>();
    Pattern row = Pattern.compile("(\\S+)\\s+(\\d+)\\s+(.*?)\\s*");
    for (String line : text.lines().skip(2).toList()) {
      Matcher m = row.matcher(line);
      if (m.matches()) {
        List<String> services =
            m.group(3).equals("N/A")
                ? List.of()
                : Arrays.stream(m.group(3).split(",")).map(String::strip).toList();
        rows.add(new TaskRow(m.group(1), Integer.parseInt(m.group(2)), services));
      }
    }
    return rows;
  }

  private static int pidHosting(List<TaskRow> rows, String service) {
    return rows.stream()
        .filter(r -> r.services().contains(service))
        .mapToInt(TaskRow::pid)
        .findFirst()
        .orElseThrow();
  }

  /** Key name to display name, in the order iisreset lists them. */
  private static Map<String, String> iisreset(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    Pattern line = Pattern.compile("Status for (.+?) \\( (\\S+) \\) : (\\S+)");
    for (String l : text.lines().toList()) {
      Matcher m = line.matcher(l.strip());
      if (m.matches()) {
        out.put(m.group(2), m.group(1));
      }
    }
    return out;
  }

  private static String field(String block, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(block);
    if (!m.find()) {
      throw new AssertionError("no " + regex + " in\n" + block);
    }
    return m.group(1);
  }

  private static ServiceInfo service(SimulatedIisHost host, String name) {
    return host.services().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the simulator has no service " + name));
  }
}
