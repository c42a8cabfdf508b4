package io.iisbot.iis.windows;

import static io.iisbot.iis.windows.EventLogFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.EventRecord;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulated host writes events worded and shaped as real IIS writes them (the fixtures), so a
 * summary that reads well against the simulator reads the same against a real host.
 */
final class SimulatedEventsMatchRealTest {

  private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

  private final VirtualClock clock = new VirtualClock(T0);

  @Test
  void was5013_simulatedMessage_isWordedAsTheRealOne() {
    EventRecord real = EventViewerText.parse(text("evt-was-5013.txt")).get(0);
    SimulatedIisHost host =
        host(
            """
            pools:
              - {name: Api, shutdownTimeLimit: 30s}
            sites:
              - name: S
                id: 1
                pool: Api
                requests:
                  - {at: 0s, duration: 5m, url: /long}
            """);
    clock.advance(Duration.ofSeconds(1));
    host.stopPool("Api");
    clock.advance(Duration.ofSeconds(31));

    EventRecord sim = only(host, 5013);

    String pid = sim.data().get("ProcessID");
    assertThat(sim.data()).containsEntry("AppPoolID", "Api");
    assertThat(template(sim.message(), "Api", pid))
        .isEqualTo(template(real.message(), "DefaultAppPool", "1111"))
        .isEqualTo(
            "A process serving application pool {pool} exceeded time limits during shut down. The"
                + " process id was {pid}.");
    assertSameKind(sim, real);
  }

  /**
   * The 5186 fixture comes from a blog mirror that turned the quotes into typographic ones; the
   * message template Microsoft documents ({@code '%1'}) has straight quotes, as the simulator does.
   */
  @Test
  void was5186_simulatedMessage_isWordedAsTheRealOne() {
    EventRecord real = EventViewerText.parse(text("evt-was-5186.txt")).get(0);
    SimulatedIisHost host =
        host(
            """
            pools:
              - {name: Idle, idleTimeout: 20m}
            """);
    clock.advance(Duration.ofMinutes(21));

    EventRecord sim = only(host, 5186);

    String pid = sim.data().get("ProcessID");
    assertThat(sim.data()).containsEntry("AppPoolID", "Idle");
    assertThat(template(sim.message(), "Idle", pid).replace("{20}", "{minutes}"))
        .isEqualTo(
            template(straightQuotes(real.message()), "StackOverFlowWebApp", "26648")
                .replace("{20}", "{minutes}"))
        .isEqualTo(
            "A worker process with process id of '{pid}' serving application pool '{pool}' was"
                + " shutdown due to inactivity. Application Pool timeout configuration was set to"
                + " {minutes} minutes. A new worker process will be started when needed.");
    assertSameKind(sim, real);
  }

  @Test
  void was5002_simulatedMessage_isWordedAsTheRealOne() {
    EventRecord real = EventViewerText.parse(text("evt-was-5117-5002.txt")).get(1);
    SimulatedIisHost host =
        host(
            """
            pools:
              - {name: Flaky, state: Stopped}
            faults:
              rapidFail: [Flaky]
            """);
    host.startPool("Flaky");
    clock.advance(Duration.ofSeconds(10));

    EventRecord sim = only(host, 5002);

    assertThat(template(sim.message(), "Flaky", null))
        .isEqualTo(template(real.message(), "WsusPool", null))
        .isEqualTo(
            "Application pool '{pool}' is being automatically disabled due to a series of failures"
                + " in the process(es) serving that application pool.");
    assertSameKind(sim, real);
  }

  @Test
  void scm7036_simulatedBinary_decodesLikeTheRealOne() {
    EventRecord real = EventXml.parse(text("evt-scm-7036-stopped.xml"));
    SimulatedIisHost host = host("pools: [{name: P}]\n");
    host.stopService("W3SVC");
    clock.advance(Duration.ofMinutes(1));
    host.startService("W3SVC");
    clock.advance(Duration.ofMinutes(1));

    List<EventRecord> sim = events(host, 7036);

    assertThat(sim).hasSize(2);
    EventRecord stopped = sim.get(0);
    EventRecord running = sim.get(1);
    assertThat(stopped.data()).containsOnlyKeys(real.data().keySet());
    assertThat(stopped.data().get("Binary")).matches("([0-9A-F]{4})+0000");
    assertThat(EventXml.serviceBinary(stopped)).contains("W3SVC/1");
    assertThat(EventXml.serviceKeyName(stopped)).contains("W3SVC");
    assertThat(EventXml.serviceState(stopped)).contains(ServiceState.STOPPED);
    assertThat(EventXml.serviceKeyName(running)).contains("W3SVC");
    assertThat(EventXml.serviceState(running)).contains(ServiceState.RUNNING);
    assertThat(EventXml.serviceState(real)).contains(ServiceState.STOPPED);
    assertThat(stopped.data()).containsEntry("param2", real.data().get("param2"));
    assertThat(
            stopped
                .message()
                .replace(stopped.data().get("param1"), "{service}")
                .replace(stopped.data().get("param2"), "{state}"))
        .isEqualTo(
            real.message()
                .replace(real.data().get("param1"), "{service}")
                .replace(real.data().get("param2"), "{state}"));
    assertSameKind(stopped, real);
  }

  @Test
  void everySimulatedEvent_isInTheChannelItsProviderWritesTo() {
    SimulatedIisHost host = SimulatedIisHost.of("busy", clock);
    host.stopPool("Reports");
    host.recyclePool("Api");
    clock.advance(Duration.ofMinutes(2));
    host.stopService("W3SVC");
    clock.advance(Duration.ofMinutes(2));

    List<EventRecord> all = host.events(T0, clock.instant());

    assertThat(all).extracting(EventRecord::id).contains(5013, 5079, 7036);
    assertThat(all)
        .allSatisfy(e -> assertThat(e.log()).isEqualTo(EventQueries.channelOf(e.provider())));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private SimulatedIisHost host(String yaml) {
    return new SimulatedIisHost(Scenarios.parse(yaml, "test"), clock);
  }

  private List<EventRecord> events(SimulatedIisHost host, int id) {
    return host.events(T0, clock.instant().plusNanos(1)).stream()
        .filter(e -> e.id() == id)
        .toList();
  }

  private EventRecord only(SimulatedIisHost host, int id) {
    List<EventRecord> found = events(host, id);
    assertThat(found).as("simulated events with id %d", id).hasSize(1);
    return found.get(0);
  }

  private static void assertSameKind(EventRecord sim, EventRecord real) {
    assertThat(sim.log()).isEqualTo(real.log());
    assertThat(sim.provider()).isEqualTo(real.provider());
    assertThat(sim.id()).isEqualTo(real.id());
    assertThat(sim.level()).isEqualTo(real.level());
  }

  /** The message with its values replaced by placeholders; numbers other than the pid too. */
  private static String template(String message, String pool, String pid) {
    String withPool = message.replace(pool, "{pool}");
    return (pid == null ? withPool : withPool.replace(pid, "{pid}"))
        .replaceAll("(?<![{\\w])(\\d+)(?![}\\w])", "{$1}");
  }

  private static String straightQuotes(String s) {
    return s.replace('\u2018', '\'').replace('\u2019', '\'');
  }
}
