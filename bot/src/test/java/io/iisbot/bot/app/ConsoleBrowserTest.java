package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.adapters.slack.SlackStub;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigLoader;
import io.iisbot.iis.sim.Scenarios;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console page in a real headless Chromium against the real demo (simulated hosts behind real
 * agents): what a person sees and clicks. Runs with {@code -Pbrowser}; screenshots of the end of
 * every test, passed or failed, go to {@code target/browser-screenshots/}.
 */
@Tag("browser")
final class ConsoleBrowserTest {

  private static final Duration RESULT = Duration.ofSeconds(40);
  private static final Caller ALICE =
      new Caller(
          Identity.parse("slack:UALICE"), List.of(Identity.parse("slack-group:SONCALL")), "Alice");
  private static final Caller DAVE = new Caller(Identity.parse("slack:UDAVE"), List.of(), "Dave");

  @TempDir Path dir;

  /** One browser for the class (it starts in about a second); every test opens its own bot. */
  private static ConsoleBrowser browser;

  private Demo demo;
  private BotApp configured;
  private final LocalChat chat = new LocalChat("memory", null);
  private final SlackStub slack = new SlackStub();
  private LoopbackAgents agents;
  private String name;

  @BeforeAll
  static void startBrowser() {
    browser = new ConsoleBrowser(1280, 900);
  }

  @AfterAll
  static void closeBrowser() {
    browser.close();
  }

  @BeforeEach
  void start(TestInfo test) {
    name = test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void stop() {
    try {
      browser.screenshot(name);
    } finally {
      browser.driver().get("about:blank"); // ends the page's event stream before its bot stops
      if (demo != null) {
        demo.close();
      }
      if (configured != null) {
        configured.close();
      }
      if (agents != null) {
        agents.close();
      }
      slack.close();
    }
  }

  private String demo() {
    demo =
        Demo.start(
            ConsoleBrowser.demoEnv(),
            dir.toString(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return demo.app().uri();
  }

  @Test
  void page_onLoad_showsTheFleetRunning() {
    browser.open(demo());

    List<WebElement> hosts =
        browser
            .waiting()
            .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#fleet li.host"), 3));

    assertThat(hosts)
        .extracting(h -> h.getAttribute("data-host"))
        .containsExactly("web01", "web02", "web03");
    assertThat(hosts)
        .allSatisfy(h -> assertThat(h.getAttribute("data-reachable")).isEqualTo("true"));
    assertThat(hosts)
        .allSatisfy(h -> assertThat(h.getAttribute("data-w3svc")).isEqualTo("running"));
    assertThat(hosts.get(0).getText()).contains("@production").contains("W3SVC");
    assertThat(browser.driver().findElement(By.id("command-text")).getAttribute("placeholder"))
        .isEqualTo("/iis stop web01");
    assertThat(browser.scriptErrors()).isEmpty();
  }

  @Test
  void stopOnStaging_confirmed_reachesAVerifiedResult() {
    browser.open(demo());

    // web03's W3SVC hangs in STOP_PENDING (its scenario), so the host stop fails by design; a
    // site stop on the same staging host needs no second approver and ends verified.
    browser.type("stop web03 site:\"Default Web Site\"");
    String id = browser.card("Confirm: /iis stop web03 site:\"Default Web Site\"");
    browser.click(id, "confirm");
    WebElement done = browser.awaitFinal(id, RESULT);

    assertThat(done.findElement(By.className("card-title")).getText())
        .isEqualTo("Done: /iis stop web03 site:\"Default Web Site\"");
    assertThat(done.getAttribute("data-status")).isEqualTo("success");
    assertThat(done.getText()).contains("web03: succeeded").contains("Confirmed by");
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#fleet li[data-host='web03']"), "1 site stopped"));
  }

  @Test
  void stopOnProduction_approvedBySecondPerson_reachesAVerifiedResult() {
    browser.open(demo());

    browser.type("/iis stop web01 --drain 20s");
    String id = browser.card("Confirm: /iis stop web01 --drain 20s");
    browser.click(id, "confirm");
    browser.waiting().until(d -> !browser.cardNode(id).findElements(approve()).isEmpty());
    new Select(browser.driver().findElement(By.id("acting-as")))
        .selectByValue("console:demo-approver");
    browser
        .waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "approver"));
    browser.click(id, "approve");
    WebElement done = browser.awaitFinal(id, RESULT);

    assertThat(done.getAttribute("data-status")).isEqualTo("success");
    assertThat(done.getText()).contains("Done: /iis stop web01");
    assertThat(done.getText()).contains("demo-approver");

    done.findElement(By.cssSelector("button.details")).click();
    WebElement view =
        browser
            .waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#operation .op-host[data-host='web01']")));
    assertThat(view.findElements(By.cssSelector(".steps tbody tr"))).hasSizeGreaterThan(2);
    assertThat(view.getText()).contains("drain requests").contains("W3SVC is STOPPED");
    assertThat(view.findElements(By.cssSelector(".drain-chart polyline"))).hasSize(1);
  }

  private static By approve() {
    return By.cssSelector("button[data-action='approve']");
  }

  @Test
  void unknownHost_answersWithTheError_onlyToTheTypist() {
    browser.open(demo());

    browser.type("/iis stop nosuchhost");
    String id = browser.card("Unknown target");
    WebElement card = browser.cardNode(id);

    assertThat(card.getText()).contains("no host nosuchhost; the hosts are web01, web02, web03");
    assertThat(card.findElement(By.className("only-you")).getText()).isEqualTo("only you");
    assertThat(card.getAttribute("data-status")).isEqualTo("warning");
  }

  @Test
  void stop_signedInFromChatWithoutThePermission_isDeniedWithWhatIsMissing() throws Exception {
    String uri = oncallBot();
    browser.driver().get(uri + "/");
    browser
        .waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin"), "/iis console"));
    browser.screenshot(name + "-signin");

    signIn(ALICE);
    browser.waiting().until(ExpectedConditions.textToBe(By.id("who"), "Alice"));
    browser.type("/iis stop web01");
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("feed"), "you may not stop web01"));

    WebElement denial = browser.driver().findElement(By.cssSelector("#feed article.card"));
    // Alice's group, as Slack says at the request: she may look, not stop.
    assertThat(denial.getText()).contains("slack-group:SONCALL");
    browser
        .waiting()
        .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#fleet li.host"), 1));
    assertThat(denial.getAttribute("data-status")).isEqualTo("failure");
    assertThat(denial.findElements(By.cssSelector("button[data-action]"))).isEmpty();
    assertThat(browser.driver().findElement(By.id("acting")).isDisplayed()).isFalse();
  }

  @Test
  void history_filteredByHost_showsWhatWasDoneThere() {
    browser.open(demo());
    browser.type("/iis stop web02");
    String id = browser.card("Confirm: /iis stop web02");
    browser.click(id, "cancel");
    browser.awaitFinal(id, RESULT);

    browser.driver().findElement(By.name("host")).sendKeys("web02");
    browser
        .waiting()
        .until(
            d ->
                d.findElements(By.cssSelector("#history-rows td.col-outcome")).stream()
                    .anyMatch(td -> td.getText().equals("cancelled")));

    List<WebElement> rows = browser.driver().findElements(By.cssSelector("#history-rows tr"));
    assertThat(rows).isNotEmpty();
    assertThat(rows)
        .allSatisfy(
            r -> assertThat(r.findElement(By.className("col-host")).getText()).isEqualTo("web02"));
    assertThat(rows.get(0).getText()).contains("stop").contains("console:demo");
    // The filters suggest what the bot's history command accepts, read from its catalog.
    assertThat(
            browser.driver().findElements(By.cssSelector("#outcome-names option")).stream()
                .map(o -> o.getAttribute("value"))
                .toList())
        .contains("failed", "cancelled", "denied");
    assertThat(browser.driver().findElements(By.cssSelector("#action-names option")))
        .hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void finding10_consoleWithoutStatusOrHistory_showsWhatToAskFor() throws Exception {
    oncallBot();

    signIn(DAVE);
    WebElement empty =
        browser
            .waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#fleet li.empty")));
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("history-note"), "History is not available"));

    assertThat(empty.getText())
        .startsWith("No hosts to show: you may not see the fleet")
        .contains("\"status\"")
        .contains("slack:UDAVE");
    assertThat(browser.driver().findElement(By.id("history-note")).getText())
        .contains("no role grants \"history\"");
    assertThat(browser.driver().findElements(By.cssSelector("#history-rows tr"))).isEmpty();
    assertThat(browser.scriptErrors()).isEmpty();
  }

  /** Opens the console with the single-use link {@code /iis console} gives the person in chat. */
  private void signIn(Caller who) {
    browser.driver().get(signInLink(who));
    browser.driver().findElement(By.cssSelector("form button[type='submit']")).click();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
  }

  /**
   * The bot from a configuration, outside the demo: Alice (on call, as Slack's user group says) may
   * look at hosts and sign in; Dave may only sign in.
   */
  private String oncallBot() throws Exception {
    agents = new LoopbackAgents(Instant.now()).add("web01", Scenarios.named("healthy"));
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
            console: {enabled: true}
            slack: {signingSecretEnv: SLACK_SIGNING_SECRET, botTokenEnv: SLACK_BOT_TOKEN, apiUrl: "%s"}
            hosts:
              - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
            roles:
              - name: oncall
                members: ["slack-group:SONCALL"]
                allow: [{actions: [status, console], hosts: ["*"]}]
              - name: console-only
                members: ["slack:UDAVE"]
                allow: [{actions: [console], hosts: ["*"]}]
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"),
                    slack.apiUrl(),
                    agents.agents.get("web01").uri()));
    slack.groupMembers("SONCALL", "UALICE");
    BotConfig config =
        ConfigLoader.load(
            file,
            Map.of(
                "BOT_SECRET",
                "console-browser-test-secret-0123456789",
                "AGENT_SECRET",
                new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8),
                "SLACK_SIGNING_SECRET",
                "slack-signing-secret-for-tests",
                "SLACK_BOT_TOKEN",
                "xoxb-test"));
    configured = BotApp.start(config, Map.of(chat.platform(), chat), Clock.systemUTC());
    chat.connect(configured.bot());
    return configured.uri();
  }

  /** The single-use link {@code /iis console} gives the person in chat. */
  private String signInLink(Caller who) {
    ChatMessage answer = chat.current(chat.type(who, "C1", "/iis console").get(0));
    Matcher link =
        Pattern.compile("http://\\S+/console/signin\\?t=[A-Za-z0-9_-]+")
            .matcher(answer.plainText());
    assertThat(link.find()).as(answer.plainText()).isTrue();
    return link.group();
  }
}
