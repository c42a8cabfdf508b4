package io.iisbot.iis.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.agent.server.AgentFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link AgentClient#snapshot(Duration)}: recent answers reused, never across an operation. */
final class AgentClientRecentSnapshotTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  private final AgentFixture f = AgentFixture.busy();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final AgentClient client =
      AgentClient.builder(f.agent.uri(), AgentFixture.KEY, AgentFixture.SECRET)
          .clock(f.clock)
          .name("web02")
          .listener((agent, route, took, outcome) -> calls.add(route))
          .build();

  @AfterEach
  void stop() {
    f.close();
  }

  /** A client like {@link #client} whose refreshes ahead wait in {@code queued} to be run. */
  private AgentClient.Builder aheadInto(List<Runnable> queued) {
    return AgentClient.builder(f.agent.uri(), AgentFixture.KEY, AgentFixture.SECRET)
        .clock(f.clock)
        .name("web02")
        .listener((agent, route, took, outcome) -> calls.add(route))
        .refreshAhead(queued::add);
  }

  private long snapshotCalls() {
    return calls.stream().filter(r -> r.contains("snapshot")).count();
  }

  @Test
  void withinTheAge_oneAgentCallServesMany() {
    HostSnapshot first = client.snapshot(SECOND);
    for (int i = 0; i < 20; i++) {
      assertThat(client.snapshot(SECOND)).isSameAs(first);
    }
    assertThat(snapshotCalls()).isEqualTo(1);
  }

  @Test
  void pastTheAge_theAgentIsAskedAgain() throws Exception {
    client.snapshot(Duration.ofMillis(50));
    Thread.sleep(80);
    client.snapshot(Duration.ofMillis(50));
    assertThat(snapshotCalls()).isEqualTo(2);
  }

  @Test
  void aFreshSnapshot_alwaysAsks_andServesTheNextRecentOne() {
    client.snapshot();
    client.snapshot();
    HostSnapshot recent = client.snapshot(SECOND);
    assertThat(snapshotCalls()).isEqualTo(2);
    assertThat(recent.host()).isEqualTo("web02");
  }

  @Test
  void anOperationStartedAndFollowed_makesTheNextAnswerFresh() {
    client.snapshot(SECOND);
    client.start(AgentClientTest.recyclePool("op-recent-01"));
    client.snapshot(SECOND);
    assertThat(snapshotCalls()).as("after the start").isEqualTo(2);

    client.follow("op-recent-01", p -> {});
    client.snapshot(SECOND);
    assertThat(snapshotCalls()).as("after the end").isEqualTo(3);
  }

  @Test
  void pastHalfTheAge_theRecentOneIsAnswered_andTheNextIsAskedForInTheBackground()
      throws Exception {
    List<Runnable> queued = new CopyOnWriteArrayList<>();
    AgentClient ahead = aheadInto(queued).build();
    Duration age = Duration.ofMillis(2_000); // the first call, on a cold client, is slow
    HostSnapshot first = ahead.snapshot(age);
    assertThat(ahead.snapshot(age)).isSameAs(first);
    assertThat(queued).as("within the first half").isEmpty();

    Thread.sleep(1_100);
    assertThat(ahead.snapshot(age)).as("no one waits").isSameAs(first);
    assertThat(ahead.snapshot(age)).isSameAs(first);
    assertThat(queued).as("asked once, however many want it").hasSize(1);
    assertThat(snapshotCalls()).isEqualTo(1);

    queued.get(0).run();
    assertThat(snapshotCalls()).isEqualTo(2);
    HostSnapshot next = ahead.snapshot(age);
    assertThat(next).isNotSameAs(first);
    assertThat(snapshotCalls()).as("the refreshed one is answered").isEqualTo(2);
  }

  @Test
  void withoutAnExecutor_nothingIsAskedAhead() throws Exception {
    client.snapshot(Duration.ofMillis(2_000));
    Thread.sleep(1_100);
    client.snapshot(Duration.ofMillis(2_000));
    assertThat(snapshotCalls()).isEqualTo(1);
  }

  @Test
  void aRefreshAheadThatFails_isForgotten_andTheNextOneTooOldAsksItself() throws Exception {
    List<Runnable> queued = new CopyOnWriteArrayList<>();
    AgentClient ahead = aheadInto(queued).retries(0).build();
    Duration age = Duration.ofMillis(2_000); // the first call, on a cold client, is slow
    ahead.snapshot(age);
    Thread.sleep(1_100);
    ahead.snapshot(age);
    f.close(); // the agent goes away
    queued.get(0).run(); // fails quietly
    Thread.sleep(1_000);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ahead.snapshot(age)))
        .isInstanceOf(AgentException.Unreachable.class);
  }
}
