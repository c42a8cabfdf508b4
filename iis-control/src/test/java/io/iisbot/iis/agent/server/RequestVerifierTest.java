package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.agent.AgentAuth;
import io.iisbot.iis.agent.AgentAuth.AuthException;
import io.iisbot.iis.agent.AuthVector;
import io.iisbot.iis.sim.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The verifying end of {@link AuthVector}, and replay protection in virtual time. */
final class RequestVerifierTest {

  private final VirtualClock clock = new VirtualClock(Instant.ofEpochSecond(AuthVector.TS));
  private final RequestVerifier verifier =
      new RequestVerifier(AuthVector.AGENT, Map.of(AuthVector.KEY_ID, AuthVector.SECRET), clock);

  private String verify(String header, byte[] body) {
    return verifier.verify(
        verifier.precheck(header), AuthVector.METHOD, AuthVector.PATH, AuthVector.QUERY, body);
  }

  private static String signed(String agent, long ts, String nonce) {
    return AgentAuth.header(
        AuthVector.KEY_ID,
        AuthVector.SECRET,
        agent,
        AuthVector.METHOD,
        AuthVector.PATH,
        AuthVector.QUERY,
        ts,
        nonce,
        AuthVector.BODY);
  }

  @Test
  void vector_isAccepted() {
    assertThat(verify(AuthVector.HEADER, AuthVector.BODY)).isEqualTo(AuthVector.KEY_ID);
  }

  @Test
  void vector_withAnotherBody_isRefusedAsABadSignature() {
    assertThatThrownBy(() -> verify(AuthVector.HEADER, "{}".getBytes()))
        .isInstanceOf(AuthException.class)
        .hasMessageStartingWith("bad signature for key \"bot-prod\"")
        .extracting(e -> ((AuthException) e).code())
        .isEqualTo("unauthorized");
  }

  @Test
  void finding07_requestSignedForAnotherAgent_isRefused() {
    String forWeb01 = signed("web01", AuthVector.TS, AgentAuth.newNonce());

    assertThatThrownBy(() -> verify(forWeb01, AuthVector.BODY))
        .hasMessageContaining("not signed for agent \"web02\"");
  }

  @Test
  void finding07_futureStampedRequest_isNotReplayableLater() {
    String ahead = signed("web02", AuthVector.TS + 300, AgentAuth.newNonce());
    verify(ahead, AuthVector.BODY);

    for (int s = 1; s <= 700; s++) {
      clock.advance(Duration.ofSeconds(1));
      int at = s;
      assertThatThrownBy(() -> verify(ahead, AuthVector.BODY))
          .as("replayed %d s later", at)
          .isInstanceOf(AuthException.class);
    }
  }

  @Test
  void finding07_requestFromBeforeARestart_isRefusedAsAPossibleReplay() {
    String header = signed("web02", AuthVector.TS, AgentAuth.newNonce());
    verify(header, AuthVector.BODY);
    clock.advance(Duration.ofMillis(1_500)); // the agent restarts
    RequestVerifier restarted =
        new RequestVerifier("web02", Map.of(AuthVector.KEY_ID, AuthVector.SECRET), clock);

    assertThatThrownBy(
            () ->
                restarted.verify(
                    restarted.precheck(header),
                    AuthVector.METHOD,
                    AuthVector.PATH,
                    AuthVector.QUERY,
                    AuthVector.BODY))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining("before this agent started at 2026-01-05T09:00:02Z")
        .extracting(e -> ((AuthException) e).code())
        .isEqualTo("replayed");
    assertThat(restarted.startedAt()).isEqualTo(Instant.ofEpochSecond(AuthVector.TS + 2));
  }

  @ParameterizedTest
  @ValueSource(longs = {-300, 300})
  void window_isSymmetric_300sEitherWay(long skew) {
    RequestVerifier v = verifier;
    clock.advance(Duration.ofMinutes(10)); // so that a stamp 300 s back is after the start
    long now = clock.millis() / 1000;
    String inside = signed("web02", now + skew, AgentAuth.newNonce());
    String outside = signed("web02", now + skew + Long.signum(skew), AgentAuth.newNonce());

    assertThat(
            v.verify(
                v.precheck(inside),
                AuthVector.METHOD,
                AuthVector.PATH,
                AuthVector.QUERY,
                AuthVector.BODY))
        .isEqualTo(AuthVector.KEY_ID);
    assertThatThrownBy(() -> v.precheck(outside)).hasMessageContaining("s from the agent's clock");
  }

  @Test
  void replay_isRefused_andTheCodeSaysSo() {
    verify(AuthVector.HEADER, AuthVector.BODY);

    assertThatThrownBy(() -> verify(AuthVector.HEADER, AuthVector.BODY))
        .hasMessage("nonce c2FtcGxlLW5vbmNlLTAwMDAx already used")
        .extracting(e -> ((AuthException) e).code())
        .isEqualTo("replayed");
  }

  @Test
  void precheck_unknownKey_isRefusedBeforeAnyBody() {
    String header = AuthVector.HEADER.replace("key=bot-prod", "key=someone");

    assertThatThrownBy(() -> verifier.precheck(header)).hasMessage("unknown key \"someone\"");
  }
}
