package io.iisbot.adapters.teams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Bot Connector client against the stand-in: the token, retries and their bound. */
final class ConnectorTest {

  private static final String CHANNEL = TeamsStub.CHANNEL_ID + ";messageid=1700000000001";

  private final TeamsStub teams = new TeamsStub();
  private final ObjectMapper json = new ObjectMapper();
  private final ExecutorService io = Executors.newFixedThreadPool(2);
  private final HttpClient http = HttpClient.newBuilder().executor(io).build();
  private final Connector connector =
      new Connector(
          new EntraToken(
              URI.create(teams.tokenUrl().replace("{tenantId}", TeamsStub.TENANT_ID)),
              TeamsStub.APP_ID,
              TeamsStub.APP_PASSWORD,
              http,
              json,
              Clock.systemUTC()),
          http,
          json,
          Duration.ofMillis(5),
          io);

  @AfterEach
  void stop() {
    io.shutdownNow();
    teams.close();
  }

  private ObjectNode activity(String text) {
    ObjectNode a = json.createObjectNode().put("type", "message").put("text", text);
    return a;
  }

  @Test
  void send_thenUpdate_reachTheConversationById_withOneToken() {
    String id = connector.send(teams.serviceUrl(), CHANNEL, activity("one")).join();
    connector.update(teams.serviceUrl(), CHANNEL, id, activity("two")).join();

    TeamsStub.Call put = teams.await(c -> c.method().equals("PUT"), Duration.ofSeconds(5), "PUT");
    assertThat(put.conversation()).isEqualTo(CHANNEL);
    assertThat(put.activityId()).isEqualTo(id);
    assertThat(put.body().path("id").asText()).isEqualTo(id);
    assertThat(teams.tokenRequests()).isEqualTo(1);
    assertThat(teams.lastTokenForm())
        .contains("scope=https%3A%2F%2Fapi.botframework.com%2F.default");
  }

  @Test
  void send_after502And504And412_isRetried() {
    teams.busy(1, 502);
    connector.send(teams.serviceUrl(), CHANNEL, activity("a")).join();
    teams.busy(1, 504);
    connector.send(teams.serviceUrl(), CHANNEL, activity("b")).join();
    teams.busy(1, 412);
    connector.send(teams.serviceUrl(), CHANNEL, activity("c")).join();

    assertThat(teams.calls(c -> c.status() >= 400))
        .extracting(TeamsStub.Call::status)
        .containsExactly(502, 504, 412);
    assertThat(teams.calls(c -> c.status() == 201)).hasSize(3);
  }

  @Test
  void send_alwaysBusy_givesUpAfterTheBound_sayingWhy() {
    teams.busy(100, 502);

    assertThatThrownBy(() -> connector.send(teams.serviceUrl(), CHANNEL, activity("x")).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(ConnectorException.class)
        .hasMessage(
            "POST /connector/v3/conversations/{id}/activities answered 502 "
                + Connector.MAX_ATTEMPTS
                + " times; giving up");
    assertThat(teams.calls(c -> true)).hasSize(Connector.MAX_ATTEMPTS);
  }

  @Test
  void send_notFound_isNotRetried() {
    assertThatThrownBy(
            () -> connector.send(teams.serviceUrl() + "nowhere/", CHANNEL, activity("x")).join())
        .cause()
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("answered 404");
  }

  @Test
  void personalChat_isOpenedWithTheUserAndTenant() {
    String chat =
        connector
            .personalChat(
                teams.serviceUrl(), "28:" + TeamsStub.APP_ID, "29:1abc", TeamsStub.TENANT_ID)
            .join();

    assertThat(chat).startsWith("a:");
    TeamsStub.Call open = teams.calls(c -> c.activityId().isEmpty()).get(0);
    assertThat(open.body().at("/members/0/id").asText()).isEqualTo("29:1abc");
    assertThat(open.body().at("/channelData/tenant/id").asText()).isEqualTo(TeamsStub.TENANT_ID);
  }
}
