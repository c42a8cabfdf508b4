package io.iisbot.iis.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.sim.VirtualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The signing end of {@link AuthVector}: {@link AgentAuth} and the client's signed requests. */
final class AgentAuthTest {

  @Test
  void vector_canonicalSignatureAndHeader_areTheOnesSignedByHand() {
    assertThat(
            AgentAuth.canonical(
                AuthVector.AGENT,
                AuthVector.METHOD,
                AuthVector.PATH,
                AuthVector.QUERY,
                AuthVector.TS,
                AuthVector.NONCE,
                AuthVector.BODY))
        .isEqualTo(AuthVector.CANONICAL);
    assertThat(AgentAuth.signature(AuthVector.SECRET, AuthVector.CANONICAL))
        .isEqualTo(AuthVector.SIGNATURE);
    assertThat(
            AgentAuth.header(
                AuthVector.KEY_ID,
                AuthVector.SECRET,
                AuthVector.AGENT,
                AuthVector.METHOD,
                AuthVector.PATH,
                AuthVector.QUERY,
                AuthVector.TS,
                AuthVector.NONCE,
                AuthVector.BODY))
        .isEqualTo(AuthVector.HEADER);
  }

  @Test
  void vector_signedHttp_signsForTheAgentsNameTheWayTheVectorDoes() {
    VirtualClock clock = new VirtualClock(Instant.ofEpochSecond(AuthVector.TS));
    SignedHttp http =
        new SignedHttp(
            AuthVector.AGENT,
            URI.create("http://127.0.0.1:9"),
            AuthVector.KEY_ID,
            AuthVector.SECRET,
            clock,
            HttpClient.newHttpClient(),
            Duration.ofSeconds(1),
            0,
            Duration.ZERO,
            d -> {},
            new AgentErrors("web02", "http://127.0.0.1:9", false, java.util.Optional.empty()),
            AgentCallListener.NONE);

    String header =
        http.signed(AuthVector.METHOD, AuthVector.PATH, AuthVector.QUERY, AuthVector.BODY)
            .build()
            .headers()
            .firstValue("Authorization")
            .orElseThrow();

    Matcher m =
        Pattern.compile("IISBOT-HMAC-SHA256 key=bot-prod, ts=1767603600, nonce=([^,]+), sig=(.+)")
            .matcher(header);
    assertThat(m.matches()).as(header).isTrue();
    String canonical = AuthVector.CANONICAL.replace(AuthVector.NONCE, m.group(1));
    assertThat(m.group(2)).isEqualTo(AgentAuth.signature(AuthVector.SECRET, canonical));
  }

  @Test
  void canonical_namesTheAgent_soASignatureForOneFailsForAnother() {
    String web01 = AgentAuth.canonical("web01", "GET", "/v1/health", "", 1, "n".repeat(16), null);
    String web02 = AgentAuth.canonical("web02", "GET", "/v1/health", "", 1, "n".repeat(16), null);

    assertThat(web01).startsWith("web01\nGET\n/v1/health\n\n1\n");
    assertThat(AgentAuth.signature(AuthVector.SECRET, web01))
        .isNotEqualTo(AgentAuth.signature(AuthVector.SECRET, web02));
    assertThat(AgentAuth.canonical("Web01", "get", "/v1/health", "", 1, "n".repeat(16), null))
        .isEqualTo(web01);
  }

  @Test
  void agentName_blankOrWithALineBreak_isRefused() {
    assertThatThrownBy(() -> AgentAuth.agentName(" "))
        .hasMessage("an agent's name is its host name, e.g. web01; was \" \"");
    assertThatThrownBy(() -> AgentAuth.agentName("web01\nGET"))
        .hasMessage("an agent's name is its host name, e.g. web01; was \"web01?GET\"");
  }
}
