package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.agent.AgentAuth;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.VirtualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Finding 7: a signed request runs once, on the agent it was signed for. */
final class AgentReplayTest {

  private static final String RECYCLE =
      "{\"id\":\"op-replay-001\",\"action\":\"recycle\",\"scope\":\"pool:Api\"}";

  @Test
  void finding07_requestSignedForOneAgent_isRefusedByAnother() {
    try (AgentFixture web01 = new AgentFixture("healthy", AllowList.everything());
        AgentFixture web02 = new AgentFixture("busy", AllowList.everything())) {
      String forWeb01 =
          web01.signature(
              "POST", "/v1/operations", RECYCLE, web01.clock.millis() / 1000, AgentAuth.newNonce());

      HttpResponse<String> onWeb01 = web01.send("POST", "/v1/operations", RECYCLE, forWeb01);
      HttpResponse<String> onWeb02 = web02.send("POST", "/v1/operations", RECYCLE, forWeb01);

      assertThat(onWeb01.statusCode()).isEqualTo(202);
      assertThat(onWeb02.statusCode()).as(onWeb02.body()).isEqualTo(401);
      assertThat(web02.send("GET", "/v1/operations/op-replay-001", null).statusCode())
          .as("nothing started on web02")
          .isEqualTo(404);
    }
  }

  @Test
  void finding07_requestFromBeforeARestart_isRefused() {
    VirtualClock clock = VirtualClock.standard();
    String header;
    try (AgentFixture before =
        new AgentFixture(
            Scenarios.named("busy"), AllowList.everything(), Duration.ofMillis(1), clock)) {
      header =
          before.signature(
              "POST", "/v1/operations", RECYCLE, clock.millis() / 1000, AgentAuth.newNonce());
      assertThat(before.send("POST", "/v1/operations", RECYCLE, header).statusCode())
          .isEqualTo(202);
    }
    clock.advance(Duration.ofSeconds(2));

    try (AgentFixture after =
        new AgentFixture(
            Scenarios.named("busy"), AllowList.everything(), Duration.ofMillis(1), clock)) {
      HttpResponse<String> replay = after.send("POST", "/v1/operations", RECYCLE, header);

      assertThat(replay.statusCode()).as(replay.body()).isEqualTo(401);
      assertThat(replay.body()).startsWith("{\"error\":\"replayed\"").doesNotContain("2026");
      assertThat(after.send("GET", "/v1/operations/op-replay-001", null).statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void finding07_futureStampedRequest_isNotReplayableLater() {
    try (AgentFixture f = AgentFixture.busy()) {
      String ahead =
          f.signature(
              "GET", "/v1/snapshot", null, f.clock.millis() / 1000 + 300, AgentAuth.newNonce());
      assertThat(f.send("GET", "/v1/snapshot", null, ahead).statusCode()).isEqualTo(200);

      int elapsed = 0;
      for (int later : new int[] {300, 599, 600, 601, 605}) {
        f.clock.advance(Duration.ofSeconds(later - elapsed));
        elapsed = later;
        assertThat(f.send("GET", "/v1/snapshot", null, ahead).statusCode())
            .as("replayed %d s later", later)
            .isEqualTo(401);
      }
    }
  }
}
