package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's console API driven as a script would, through real HTTP (DESIGN §3.6). */
final class ConsoleApiTest {

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private Demo demo;

  @BeforeEach
  void start() {
    demo =
        Demo.start(
            Map.of("IISBOT_PORT", "0"),
            dir.toString(),
            new PrintStream(new ByteArrayOutputStream()));
  }

  @AfterEach
  void stop() {
    demo.close();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(demo.app().uri() + path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(20));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void commandConfirmAndFinalMessage_asAScriptWouldDriveThem() throws Exception {
    JsonNode prompt =
        json.readTree(send("POST", "/api/commands", "{\"text\": \"/iis suspend web03\"}").body())
            .get("messages")
            .get(0);
    JsonNode confirm = prompt.get("buttons").get(0);

    assertThat(prompt.get("title").asText()).isEqualTo("Confirm: /iis suspend web03");
    assertThat(prompt.get("status").asText()).isEqualTo("pending");
    assertThat(confirm.get("label").asText()).isEqualTo("Confirm");
    assertThat(confirm.get("style").asText()).isEqualTo("danger");
    assertThat(prompt.get("final").asBoolean()).isFalse();

    String click =
        json.writeValueAsString(
            Map.of(
                "message",
                prompt.get("id").asText(),
                "action",
                confirm.get("action").asText(),
                "value",
                confirm.get("value").asText()));
    JsonNode running =
        json.readTree(send("POST", "/api/actions", click).body()).get("messages").get(0);
    assertThat(running.get("id").asText()).isEqualTo(prompt.get("id").asText());
    assertThat(running.get("title").asText()).startsWith("Running:");

    JsonNode done = null;
    for (int i = 0; i < 300 && (done == null || !done.get("final").asBoolean()); i++) {
      Thread.sleep(100);
      done = json.readTree(send("GET", "/api/messages/" + prompt.get("id").asText(), null).body());
    }
    assertThat(done.get("final").asBoolean()).as(done.toString()).isTrue();
    assertThat(done.get("title").asText()).isEqualTo("Done: /iis suspend web03");
    assertThat(done.get("status").asText()).isEqualTo("success");
  }

  @Test
  void stream_deliversEveryPostAsItHappens() throws Exception {
    HttpResponse<java.util.stream.Stream<String>> stream =
        http.send(
            HttpRequest.newBuilder(URI.create(demo.app().uri() + "/api/stream")).build(),
            HttpResponse.BodyHandlers.ofLines());
    java.util.concurrent.CompletableFuture<String> first =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> stream.body().filter(l -> l.startsWith("data: ")).findFirst().orElse(""));

    send("POST", "/api/commands", "{\"text\": \"/iis status web01\"}");

    JsonNode m = json.readTree(first.get(10, java.util.concurrent.TimeUnit.SECONDS).substring(6));
    assertThat(stream.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(m.get("title").asText()).isEqualTo("web01 status");
    stream.body().close();
  }

  @Test
  void fleetAndHistory_showTheHostsAndWhatWasDone() throws Exception {
    send("POST", "/api/commands", "{\"text\": \"/iis stop web01\"}");

    JsonNode fleet = json.readTree(send("GET", "/api/fleet", null).body()).get("hosts");
    JsonNode history =
        json.readTree(send("GET", "/api/history?action=stop&limit=5", null).body()).get("entries");

    assertThat(fleet).hasSize(3);
    assertThat(fleet.get(0).get("name").asText()).isEqualTo("web01");
    assertThat(fleet.get(0).get("reachable").asBoolean()).isTrue();
    assertThat(fleet.get(0).get("w3svc").asText()).isEqualTo("running");
    assertThat(fleet.get(1).get("requests").asInt()).isPositive();
    assertThat(history.get(0).get("kind").asText()).isEqualTo("request");
    assertThat(history.get(0).get("user").asText()).isEqualTo("console:demo");
    assertThat(send("GET", "/api/history?limit=0", null).statusCode()).isEqualTo(400);
  }

  @Test
  void catalog_isTheBotsCommandRegistry() throws Exception {
    JsonNode catalog = json.readTree(send("GET", "/api/catalog", null).body());

    assertThat(catalog.get("name").asText()).isEqualTo("iis");
    List<String> names = new java.util.ArrayList<>();
    catalog.get("subcommands").forEach(c -> names.add(c.get("name").asText()));
    assertThat(names).startsWith("help", "status", "stop").contains("history", "console");
    JsonNode outcome = null;
    for (JsonNode c : catalog.get("subcommands")) {
      for (JsonNode o : c.get("options")) {
        if (c.get("name").asText().equals("history") && o.get("name").asText().equals("outcome")) {
          outcome = o;
        }
      }
    }
    assertThat(outcome).isNotNull();
    assertThat(outcome.get("choices").toString()).contains("\"failed\"").contains("\"denied\"");
  }

  @Test
  void deniedOrBadInput_isAnsweredAsJson() throws Exception {
    HttpResponse<String> typo = send("POST", "/api/commands", "{\"text\": \"/iis stpo web01\"}");
    HttpResponse<String> notJson = send("POST", "/api/commands", "{text");
    HttpResponse<String> missing = send("GET", "/api/messages/m999", null);

    assertThat(json.readTree(typo.body()).get("messages").get(0).get("ephemeral").asBoolean())
        .isTrue();
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(json.readTree(notJson.body()).get("error").asText()).isEqualTo("bad_request");
    assertThat(json.readTree(notJson.body()).get("message").asText())
        .isEqualTo("the body is not valid JSON");
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> asSession(String method, String path, String body, JsonNode session)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(demo.app().uri() + path))
            .header("Content-Type", "application/json")
            .header("Cookie", session.get("cookie").asText())
            .header("X-CSRF-Token", session.get("csrf").asText())
            .timeout(Duration.ofSeconds(20));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode withCookie(HttpResponse<String> r, ObjectMapper json) throws Exception {
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    com.fasterxml.jackson.databind.node.ObjectNode n =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(r.body());
    n.put("cookie", set.substring(0, set.indexOf(';')));
    return n;
  }

  @Test
  void demoIdentities_letOnePersonPlayTheSecondApprover_andTheOperationHasDetails()
      throws Exception {
    JsonNode admin = withCookie(send("GET", "/api/session", null), json);
    JsonNode prompt =
        json.readTree(
                asSession("POST", "/api/commands", "{\"text\": \"/iis stop web01\"}", admin).body())
            .get("messages")
            .get(0);
    JsonNode confirm = prompt.get("buttons").get(0);
    String id = prompt.get("id").asText();
    asSession(
        "POST",
        "/api/actions",
        json.writeValueAsString(
            Map.of(
                "message", id,
                "action", confirm.get("action").asText(),
                "value", confirm.get("value").asText())),
        admin);
    JsonNode approver =
        withCookie(
            asSession(
                "POST", "/api/session/identity", "{\"user\": \"console:demo-approver\"}", admin),
            json);
    JsonNode waiting =
        json.readTree(asSession("GET", "/api/messages/" + id, null, approver).body());
    JsonNode approve = waiting.get("buttons").get(0);
    asSession(
        "POST",
        "/api/actions",
        json.writeValueAsString(
            Map.of(
                "message", id,
                "action", approve.get("action").asText(),
                "value", approve.get("value").asText())),
        approver);
    JsonNode done = null;
    for (int i = 0; i < 300 && (done == null || !done.get("final").asBoolean()); i++) {
      Thread.sleep(100);
      done = json.readTree(send("GET", "/api/messages/" + id, null).body());
    }
    String op = null;
    for (JsonNode f : done.get("fields")) {
      if (f.get("name").asText().equals("Operation")) {
        op = f.get("value").asText();
      }
    }
    JsonNode details = json.readTree(send("GET", "/api/operations/" + op, null).body());
    HttpResponse<String> stranger =
        send("POST", "/api/session/identity", "{\"user\": \"slack:U1\"}");

    assertThat(admin.get("user").asText()).isEqualTo("console:demo");
    assertThat(admin.get("identities").toString()).contains("console:demo-approver");
    assertThat(approver.get("user").asText()).isEqualTo("console:demo-approver");
    assertThat(approver.get("csrf").asText()).isNotEqualTo(admin.get("csrf").asText());
    assertThat(approve.get("label").asText()).isEqualTo("Approve");
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("success");
    assertThat(details.get("final").asBoolean()).isTrue();
    assertThat(details.get("hosts").get(0).get("outcome").asText()).isEqualTo("succeeded");
    assertThat(details.get("hosts").get(0).get("steps").size()).isGreaterThan(2);
    assertThat(details.get("hosts").get(0).get("checks").get(0).get("passed").asBoolean()).isTrue();
    assertThat(send("GET", "/api/operations/op-nope", null).statusCode()).isEqualTo(404);
    assertThat(stranger.statusCode()).isEqualTo(400);
  }

  /** The prompt a session's command made, and the Confirm button on it. */
  private JsonNode prompt(JsonNode session, String text) throws Exception {
    return json.readTree(
            asSession(
                    "POST", "/api/commands", json.writeValueAsString(Map.of("text", text)), session)
                .body())
        .get("messages")
        .get(0);
  }

  @Test
  void finding04_ownTokenOnAnothersCard_isRefused() throws Exception {
    JsonNode admin = withCookie(send("GET", "/api/session", null), json);
    JsonNode approver =
        withCookie(
            asSession(
                "POST", "/api/session/identity", "{\"user\": \"console:demo-approver\"}", admin),
            json);
    JsonNode adminsPrompt = prompt(admin, "/iis suspend web03");
    JsonNode approversPrompt = prompt(approver, "/iis stop web03");
    JsonNode ownConfirm = approversPrompt.get("buttons").get(0);
    String adminsId = adminsPrompt.get("id").asText();

    HttpResponse<String> click =
        asSession(
            "POST",
            "/api/actions",
            json.writeValueAsString(
                Map.of(
                    "message", adminsId,
                    "action", ownConfirm.get("action").asText(),
                    "value", ownConfirm.get("value").asText())),
            approver);
    HttpResponse<String> madeUp =
        asSession(
            "POST",
            "/api/actions",
            json.writeValueAsString(
                Map.of("message", adminsId, "action", "confirm", "value", "anything")),
            approver);
    JsonNode adminsCard = json.readTree(send("GET", "/api/messages/" + adminsId, null).body());
    JsonNode approversCard =
        json.readTree(
            send("GET", "/api/messages/" + approversPrompt.get("id").asText(), null).body());
    JsonNode requests =
        json.readTree(send("GET", "/api/history?limit=20", null).body()).get("entries");

    assertThat(click.statusCode()).isEqualTo(403);
    assertThat(json.readTree(click.body()).get("error").asText()).isEqualTo("not_a_button");
    assertThat(json.readTree(click.body()).get("message").asText())
        .isEqualTo(
            "message "
                + adminsId
                + " has no such button (now): click one of the buttons it shows, as GET"
                + " /api/messages/"
                + adminsId
                + " gives them");
    assertThat(madeUp.statusCode()).isEqualTo(403);
    assertThat(adminsCard.get("version").asInt()).isEqualTo(1);
    assertThat(adminsCard.get("title").asText()).isEqualTo("Confirm: /iis suspend web03");
    assertThat(approversCard.get("version").asInt()).isEqualTo(1);
    assertThat(approversCard.get("status").asText()).isEqualTo("pending");
    assertThat(requests)
        .noneMatch(e -> e.get("kind").asText().equals("confirmation"))
        .noneMatch(e -> e.get("kind").asText().equals("step"));
  }
}
