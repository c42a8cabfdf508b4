package io.iisbot.adapters.slack;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stub answers Bolt's real Web API client as Slack would, and records what it sent. */
final class SlackStubTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SlackStub stub = new SlackStub();
  private final Slack slack = Slack.getInstance(config(stub));
  private final MethodsClient bot = slack.methods("xoxb-test");

  static SlackConfig config(SlackStub stub) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(stub.apiUrl());
    return config;
  }

  @AfterEach
  void close() throws Exception {
    slack.close();
    stub.close();
  }

  @Test
  void chatPostMessage_withBlocks_isRecordedFormEncodedWithTheBotToken() throws Exception {
    ChatPostMessageResponse posted =
        bot.chatPostMessage(
            r ->
                r.channel("C0OPS")
                    .text("Stopping web1")
                    .blocks(List.of(section(s -> s.text(markdownText("*web1* stopping"))))));

    assertThat(posted.isOk()).isTrue();
    assertThat(posted.getChannel()).isEqualTo("C0OPS");
    assertThat(posted.getTs()).isEqualTo("1700000000.000100");
    assertThat(posted.getMessage().getBotId()).isEqualTo(SlackStub.BOT_ID);
    assertThat(posted.getMessage().getBlocks()).hasSize(1);
    SlackStub.Call call = stub.calls("chat.postMessage").get(0);
    assertThat(call.authorization()).isEqualTo("Bearer xoxb-test");
    assertThat(call.param("channel")).isEqualTo("C0OPS");
    assertThat(call.param("text")).isEqualTo("Stopping web1");
    assertThat(call.param("blocks")).startsWith("[{").contains("\"*web1* stopping\"");
    assertThat(call.body()).startsWith("channel=C0OPS&").contains("&blocks=%5B%7B");
    assertThat(call.param("token")).isNull();
  }

  @Test
  void chatPostMessage_twice_getsIncreasingTimestamps() throws Exception {
    String first = bot.chatPostMessage(r -> r.channel("C1").text("a")).getTs();
    String second = bot.chatPostMessage(r -> r.channel("C1").text("b")).getTs();
    assertThat(List.of(first, second)).containsExactly("1700000000.000100", "1700000000.000200");
  }

  @Test
  void chatPostMessage_inAChannelWithoutTheBot_isNotInChannel() throws Exception {
    stub.notInChannel("C0PRIVATE");

    ChatPostMessageResponse posted = bot.chatPostMessage(r -> r.channel("C0PRIVATE").text("hi"));

    assertThat(posted.isOk()).isFalse();
    assertThat(posted.getError()).isEqualTo("not_in_channel");
    assertThat(stub.calls("chat.postMessage")).hasSize(1);
    assertThat(bot.chatPostEphemeral(r -> r.channel("C0PRIVATE").user("U1").text("hi")).getError())
        .isEqualTo("not_in_channel");
  }

  @Test
  void chatPostMessage_withNothingToShow_isNoText() throws Exception {
    assertThat(bot.chatPostMessage(r -> r.channel("C1")).getError()).isEqualTo("no_text");
  }

  @Test
  void chatUpdate_findsOnlyMessagesPostedHere() throws Exception {
    String ts = bot.chatPostMessage(r -> r.channel("C1").text("stopping")).getTs();
    String before = stub.existingMessage("C1");

    var updated = bot.chatUpdate(r -> r.channel("C1").ts(ts).text("stopped"));
    var earlier = bot.chatUpdate(r -> r.channel("C1").ts(before).text("stopped"));
    String ephemeral =
        bot.chatPostEphemeral(r -> r.channel("C1").user("U1").text("only you")).getMessageTs();
    var notFound = bot.chatUpdate(r -> r.channel("C1").ts(ephemeral).text("edited"));

    assertThat(updated.isOk()).isTrue();
    assertThat(updated.getTs()).isEqualTo(ts);
    assertThat(updated.getMessage().getText()).isEqualTo("stopped");
    assertThat(earlier.isOk()).isTrue();
    assertThat(notFound.getError()).isEqualTo("message_not_found");
  }

  @Test
  void usergroupsUsersList_returnsTheMembers_orNoSuchSubteam() throws Exception {
    stub.groupMembers("S0ADMINS", "U1", "U2");

    var members = bot.usergroupsUsersList(r -> r.usergroup("S0ADMINS"));
    var unknown = bot.usergroupsUsersList(r -> r.usergroup("S0OTHER"));

    assertThat(members.isOk()).isTrue();
    assertThat(members.getUsers()).containsExactly("U1", "U2");
    assertThat(unknown.getError()).isEqualTo("no_such_subteam");
    assertThat(stub.calls("usergroups.users.list").get(1).param("usergroup")).isEqualTo("S0OTHER");
  }

  @Test
  void usergroupsUsersList_failing_throwsOrAnswersInternalError() throws Exception {
    stub.groupMembers("S0ADMINS", "U1").failUserGroups();
    assertThatThrownBy(() -> bot.usergroupsUsersList(r -> r.usergroup("S0ADMINS")))
        .isInstanceOf(SlackApiException.class)
        .hasMessageStartingWith("status: 500");

    stub.failUserGroups(SlackStub.Failure.INTERNAL_ERROR);
    assertThat(bot.usergroupsUsersList(r -> r.usergroup("S0ADMINS")).getError())
        .isEqualTo("internal_error");
  }

  @Test
  void authTest_answersTheBot() throws Exception {
    var auth = bot.authTest(r -> r);
    assertThat(auth.isOk()).isTrue();
    assertThat(auth.getUserId()).isEqualTo("UBOT");
    assertThat(auth.getBotId()).isEqualTo("BBOT");
    assertThat(auth.getTeamId()).isEqualTo("T0001");
  }

  @Test
  void otherMethod_isUnknownButRecorded() throws Exception {
    assertThat(bot.conversationsList(r -> r.limit(10)).getError()).isEqualTo("unknown_method");
    // Not calls() in full: Bolt may call auth.test first (see SlackStub's Javadoc).
    assertThat(stub.calls()).extracting(SlackStub.Call::method).contains("conversations.list");
    assertThat(stub.calls("conversations.list").get(0).param("limit")).isEqualTo("10");
  }

  @Test
  void tokens_areCheckedAsSlackDoes() throws Exception {
    // Without a token Bolt sends "Authorization: Bearer null".
    assertThat(slack.methods().authTest(r -> r).getError()).isEqualTo("invalid_auth");
    assertThat(stub.calls("auth.test").get(0).authorization()).isEqualTo("Bearer null");
    assertThat(slack.methods("xapp-1-test").chatPostMessage(r -> r.channel("C1").text("x")))
        .extracting(r -> r.getError())
        .isEqualTo("not_allowed_token_type");
    assertThat(bot.appsConnectionsOpen(r -> r).getError()).isEqualTo("not_allowed_token_type");
    assertThat(slack.methods("xapp-1-test").appsConnectionsOpen(r -> r).getUrl())
        .startsWith(stub.socketUrl() + "?ticket=");
  }

  @Test
  void callWithoutToken_isNotAuthed() throws Exception {
    String answer = post("auth.test", "application/x-www-form-urlencoded", "", null).body();
    assertThat(answer).isEqualTo("{\"ok\":false,\"error\":\"not_authed\"}");
  }

  @Test
  void tokenInTheForm_isAccepted() throws Exception {
    String answer =
        post("auth.test", "application/x-www-form-urlencoded", "token=xoxb-test", null).body();
    assertThat(answer).startsWith("{\"ok\":true,");
  }

  @Test
  void tokenInAJsonBody_isNotAuthed() throws Exception {
    String answer = post("auth.test", "application/json", "{\"token\":\"xoxb-test\"}", null).body();
    assertThat(answer).isEqualTo("{\"ok\":false,\"error\":\"not_authed\"}");
  }

  @Test
  void jsonBody_isRecordedWithNonStringsAsJsonText() throws Exception {
    HttpResponse<String> answer =
        post(
            "chat.postMessage",
            "application/json; charset=utf-8",
            "{\"channel\":\"C1\",\"blocks\":[{\"type\":\"divider\"}],\"unfurl_links\":false}",
            "Bearer xoxb-test");

    assertThat(answer.body()).startsWith("{\"ok\":true,\"channel\":\"C1\"");
    SlackStub.Call call = stub.calls("chat.postMessage").get(0);
    assertThat(call.param("channel")).isEqualTo("C1");
    assertThat(call.param("blocks")).isEqualTo("[{\"type\":\"divider\"}]");
    assertThat(call.param("unfurl_links")).isEqualTo("false");
  }

  @Test
  void awaitCall_waitsForACallMadeLater() throws Exception {
    CompletableFuture<?> later =
        CompletableFuture.runAsync(
            () -> {
              try {
                bot.chatPostMessage(r -> r.channel("C1").text("first"));
                bot.chatPostMessage(r -> r.channel("C1").text("done"));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    SlackStub.Call done =
        stub.awaitCall("chat.postMessage", c -> "done".equals(c.param("text")), WAIT);

    assertThat(done.param("channel")).isEqualTo("C1");
    later.join();
  }

  @Test
  void awaitCall_withoutAMatch_failsListingTheCalls() throws Exception {
    bot.chatPostMessage(r -> r.channel("C1").text("other"));
    assertThatThrownBy(() -> stub.awaitCall("chat.postMessage", c -> false, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no chat.postMessage call within PT0.05S; recorded 1")
        .hasMessageContaining("text=other");
  }

  @Test
  void reset_forgetsCallsAndSettings() throws Exception {
    stub.notInChannel("C1").groupMembers("S1", "U1");
    bot.chatPostMessage(r -> r.channel("C1").text("x"));

    stub.reset();

    assertThat(stub.calls()).isEmpty();
    assertThat(bot.chatPostMessage(r -> r.channel("C1").text("x")).isOk()).isTrue();
    assertThat(bot.usergroupsUsersList(r -> r.usergroup("S1")).getError())
        .isEqualTo("no_such_subteam");
  }

  private HttpResponse<String> post(
      String method, String contentType, String body, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stub.apiUrl() + method))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
