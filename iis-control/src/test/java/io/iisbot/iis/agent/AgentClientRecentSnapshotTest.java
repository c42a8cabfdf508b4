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
}
