package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.adapters.slack.SlackStub;
import io.iisbot.adapters.testing.MovableClock;
import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigLoader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's sign-in and request rules through real HTTP, outside the demo: a single-use link
 * from {@code /iis console}, the session cookie, the CSRF header, expiry.
 */
final class ConsoleSignInTest {

  static final Caller ALICE =
      new Caller(
          Identity.parse("slack:UALICE"), List.of(Identity.parse("slack-group:SONCALL")), "Alice");
  static final Caller MALLORY = new Caller(Identity.parse("slack:UMAL"), List.of(), "Mallory");

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final LocalChat chat = new LocalChat("memory", null);
  private final SlackStub slack = new SlackStub();
  private BotApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    slack.close();
  }

  private void start(String publicUrl, boolean consoleEnabled) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server:
              port: 0
              bind: 127.0.0.1
              dataDir: %s
              secretEnv: BOT_SECRET
              %s
            console: {enabled: %s, sessionTtl: 1h}
            slack: {signingSecretEnv: SLACK_SIGNING_SECRET, botTokenEnv: SLACK_BOT_TOKEN, apiUrl: "%s"}
            hosts:
              - {name: web01, agent: "http://127.0.0.1:9", keyId: bot, secretEnv: BOT_SECRET}
            roles:
              - name: oncall
                members: ["slack-group:SONCALL"]
                allow: [{actions: [status, console], hosts: ["*"]}]
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"),
                    publicUrl == null ? "" : "publicUrl: " + publicUrl,
                    consoleEnabled,
                    slack.apiUrl()));
    // Who is on call, as Slack says: what the console asks at each request.
    slack.groupMembers("SONCALL", "UALICE");
    BotConfig config =
        ConfigLoader.load(
            file,
            Map.of(
                "BOT_SECRET", "console-signin-test-secret-0123456789",
                "SLACK_SIGNING_SECRET", "slack-signing-secret-for-tests",
                "SLACK_BOT_TOKEN", "xoxb-test"));
    app = BotApp.start(config, Map.of(chat.platform(), chat), clock);
    chat.connect(app.bot());
  }

  /** What {@code /iis console} answered the caller, and the token in its link. */
  private ChatMessage console(Caller who) {
    return chat.current(chat.type(who, "C1", "/iis console").get(0));
  }

  private static String token(ChatMessage m) {
    Matcher t = Pattern.compile("signin\\?t=([A-Za-z0-9_-]+)").matcher(m.plainText());
    assertThat(t.find()).as(m.plainText()).isTrue();
    return t.group(1);
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(
        b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(app.uri() + path));
  }

  private HttpResponse<String> signIn(String token) throws Exception {
    return send(
        request("/console/signin")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "t=" + URLEncoder.encode(token, StandardCharsets.UTF_8))));
  }

  private static String sessionCookie(HttpResponse<?> r) {
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    return set.substring(0, set.indexOf(';'));
  }

  private HttpResponse<String> command(String cookie, String csrf, String text) throws Exception {
    HttpRequest.Builder b =
        request("/api/commands")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("text", text))));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    return send(b);
  }

  @Test
  void link_opensASessionOnce_carryingTheCallersIdentity() throws Exception {
    start("https://iisbot.example.com/", true);
    ChatMessage reply = console(ALICE);
    String token = token(reply);

    HttpResponse<String> page = send(request("/console/signin?t=" + token));
    HttpResponse<String> first = signIn(token);
    HttpResponse<String> again = signIn(token);
    String cookie = sessionCookie(first);
    JsonNode session = json.readTree(send(request("/api/session").header("Cookie", cookie)).body());

    assertThat(reply.ephemeral()).isTrue();
    assertThat(reply.plainText()).contains("https://iisbot.example.com/console/signin?t=");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<form method=\"post\"").contains(token);
    assertThat(first.statusCode()).isEqualTo(303);
    assertThat(first.headers().firstValue("Location")).hasValue("/");
    assertThat(first.headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith("iisbot_session=")
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Secure")
        .contains("Max-Age=3600");
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(again.body()).contains("already used or has expired");
    assertThat(session.get("user").asText()).isEqualTo("slack:UALICE");
    assertThat(session.get("name").asText()).isEqualTo("Alice");
    assertThat(session.get("demo").asBoolean()).isFalse();
    assertThat(session.get("csrf").asText()).hasSizeGreaterThan(30);
  }

  @Test
  void sessionWithItsCsrfToken_runsCommandsAsThatPerson() throws Exception {
    start(null, true);
    String cookie = sessionCookie(signIn(token(console(ALICE))));
    String csrf =
        json.readTree(send(request("/api/session").header("Cookie", cookie)).body())
            .get("csrf")
            .asText();

    HttpResponse<String> ok = command(cookie, csrf, "/iis help");
    HttpResponse<String> link = command(cookie, csrf, "/iis console");

    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(json.readTree(ok.body()).get("messages").get(0).get("ephemeral").asBoolean())
        .isTrue();
    // Over plain HTTP with no https public URL, the cookie is not marked Secure.
    assertThat(signIn(token(console(ALICE))).headers().firstValue("Set-Cookie").orElseThrow())
        .doesNotContain("Secure");
    // The console identity is the chat identity, its groups read from Slack: it may ask for a link
    // too.
    assertThat(json.readTree(link.body()).get("messages").get(0).get("lines").toString())
        .contains("/console/signin?t=");
  }

  @Test
  void noSession_isUnauthorized() throws Exception {
    start(null, true);

    HttpResponse<String> cmd = command(null, null, "/iis help");
    HttpResponse<String> fleet = send(request("/api/fleet"));
    HttpResponse<String> stream = send(request("/api/stream"));
    HttpResponse<String> unknown =
        send(request("/api/session").header("Cookie", "iisbot_session=forged"));

    assertThat(cmd.statusCode()).isEqualTo(401);
    assertThat(json.readTree(cmd.body()).get("error").asText()).isEqualTo("unauthorized");
    assertThat(json.readTree(cmd.body()).get("message").asText()).contains("/iis console");
    assertThat(fleet.statusCode()).isEqualTo(401);
    assertThat(stream.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
  }

  @Test
  void forgedOrMissingCsrfToken_isRefused_andNothingRuns() throws Exception {
    start(null, true);
    String cookie = sessionCookie(signIn(token(console(ALICE))));

    HttpResponse<String> forged = command(cookie, "forged-token", "/iis console");
    HttpResponse<String> missing = command(cookie, null, "/iis console");
    HttpResponse<String> crossSite =
        send(
            request("/api/commands")
                .header("Cookie", cookie)
                .header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"/iis help\"}")));
    HttpResponse<String> form =
        send(
            request("/api/commands")
                .header("Cookie", cookie)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"/iis help\"}")));

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(json.readTree(forged.body()).get("error").asText()).isEqualTo("csrf");
    assertThat(missing.statusCode()).isEqualTo(403);
    assertThat(crossSite.statusCode()).isEqualTo(403);
    assertThat(form.statusCode()).isEqualTo(415);
    JsonNode seen = json.readTree(send(request("/api/messages").header("Cookie", cookie)).body());
    assertThat(seen.get("messages")).isEmpty();
  }

  @Test
  void expiredLinkAndExpiredSession_areRefused() throws Exception {
    start(null, true);
    String late = token(console(ALICE));
    String cookie = sessionCookie(signIn(token(console(ALICE))));

    clock.advance(Duration.ofMinutes(11));
    HttpResponse<String> lateSignIn = signIn(late);
    HttpResponse<String> stillOpen = send(request("/api/session").header("Cookie", cookie));
    clock.advance(Duration.ofMinutes(50));
    HttpResponse<String> ended = send(request("/api/session").header("Cookie", cookie));

    assertThat(lateSignIn.statusCode()).isEqualTo(403);
    assertThat(stillOpen.statusCode()).isEqualTo(200);
    assertThat(ended.statusCode()).isEqualTo(401);
    assertThat(json.readTree(ended.body()).get("message").asText()).contains("session has ended");
  }

  @Test
  void signOut_endsTheSession() throws Exception {
    start(null, true);
    String cookie = sessionCookie(signIn(token(console(ALICE))));
    String csrf =
        json.readTree(send(request("/api/session").header("Cookie", cookie)).body())
            .get("csrf")
            .asText();

    HttpResponse<String> out =
        send(
            request("/api/session/signout")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(send(request("/api/session").header("Cookie", cookie)).statusCode()).isEqualTo(401);
  }

  @Test
  void withoutTheConsoleRole_noLinkIsIssued() throws Exception {
    start(null, true);

    ChatMessage m = console(MALLORY);

    assertThat(m.ephemeral()).isTrue();
    assertThat(m.status()).isEqualTo(ChatMessage.Status.DENIED);
    assertThat(m.plainText()).doesNotContain("signin?t=");
  }

  @Test
  void consoleTurnedOff_hasNoRoutes_andTheCommandSaysSo() throws Exception {
    start(null, false);

    ChatMessage m = console(ALICE);
    HttpResponse<String> api = send(request("/api/session"));
    HttpResponse<String> signin = send(request("/console/signin?t=x"));

    assertThat(m.plainText()).contains("turned off");
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(signin.statusCode()).isEqualTo(404);
  }

  @Test
  void anyHostName_outsideTheDemo_isAnsweredAsBefore() throws Exception {
    start("https://iisbot.example.com/", true);
    String cookie = sessionCookie(signIn(token(console(ALICE))));

    RawHttp.Answer none =
        RawHttp.send(
            URI.create(app.uri()), "GET", "/api/fleet", Map.of("Host", "iisbot.example.com"));
    RawHttp.Answer signedIn =
        RawHttp.send(
            URI.create(app.uri()),
            "GET",
            "/api/session",
            Map.of(
                "Host", "iisbot.example.com",
                "Origin", "https://iisbot.example.com",
                "Cookie", cookie));

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body()).contains("\"unauthorized\"");
    assertThat(signedIn.status()).isEqualTo(200);
    assertThat(signedIn.body()).contains("\"user\":\"slack:UALICE\"");
  }
}
