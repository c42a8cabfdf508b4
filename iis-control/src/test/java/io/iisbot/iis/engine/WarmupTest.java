package io.iisbot.iis.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.Site;
import io.iisbot.iis.engine.Verification.Check;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class WarmupTest {

  private static final String TWO_SITES =
      String.join(
          "\n",
          "pools:",
          "  - {name: Web}",
          "  - {name: Api, warmup: WARMUP}",
          "sites:",
          "  - {name: www, pool: Web, bindings: [\"http/*:80:www.contoso.com\"],"
              + " redirects: {/login: \"https://login.contoso.com/\"}}",
          "  - {name: api.contoso.com, pool: Api, bindings: [\"http/*:80:api.contoso.com\"]}",
          "");

  private final VirtualClock clock = VirtualClock.standard();
  private final List<SimulatedIisHost> hosts = new ArrayList<>();

  @AfterEach
  void close() {
    hosts.forEach(SimulatedIisHost::close);
  }

  private OperationEngine engine(String warmupDelay, List<WarmupRule> rules) {
    SimulatedIisHost host =
        new SimulatedIisHost(
                Scenarios.parse(TWO_SITES.replace("WARMUP", warmupDelay), "test"), clock)
            .serveHttp();
    hosts.add(host);
    return new OperationEngine(
        host,
        clock,
        clock,
        EngineSettings.defaults(),
        SuspensionLedger.inMemory(),
        Warmup.of(rules));
  }

  private static OperationRequest req(Action action, Scope scope) {
    return OperationRequest.of(action, scope);
  }

  private static Check check(OperationResult r, String site) {
    return r.verification().checks().stream()
        .filter(c -> c.name().equals("warm-up " + site))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no warm-up check for " + site + ": " + r));
  }

  @Test
  void start_slowSite_isAskedUntilItAnswers_andTheResultSaysHowLong() {
    OperationEngine e = engine("3s", List.of());
    e.run(req(Action.STOP, new Scope.Pool("Api")));

    Plan plan = e.plan(req(Action.START, new Scope.Pool("Api")));
    OperationResult r = e.run(req(Action.START, new Scope.Pool("Api")));

    assertThat(plan.steps())
        .extracting(Plan.PlannedStep::name)
        .containsExactly("start app pools", "start sites", "warm up", "watch for rapid-fail");
    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    Check c = check(r, "api.contoso.com");
    assertThat(c.passed()).isTrue();
    assertThat(c.detail()).isEqualTo("GET / → 200 after 3s (7 tries)");
  }

  @Test
  void start_hostWide_warmsEveryStartedSite_withItsOwnRule() {
    OperationEngine e =
        engine(
            "0s",
            List.of(
                new WarmupRule("API.contoso.com", "/health", null, 200, Duration.ofSeconds(90))));
    e.run(req(Action.STOP, Scope.host()));

    OperationResult r = e.run(req(Action.START, Scope.host()));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(check(r, "www").detail()).isEqualTo("GET / → 200 after 0ms (1 try)");
    assertThat(check(r, "api.contoso.com").detail())
        .isEqualTo("GET /health → 200 after 0ms (1 try)");
  }

  @Test
  void start_siteThatStays503_failsTheOperation() {
    OperationEngine e =
        engine(
            "1h",
            List.of(new WarmupRule("api.contoso.com", "/", null, null, Duration.ofSeconds(20))));
    e.run(req(Action.STOP, new Scope.Pool("Api")));
    java.time.Instant t0 = clock.instant();

    OperationResult r = e.run(req(Action.START, new Scope.Pool("Api")));

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    Check c = check(r, "api.contoso.com");
    assertThat(c.passed()).isFalse();
    assertThat(c.detail())
        .isEqualTo("GET / did not answer a status below 500 within 20s: last 503 (41 tries)");
    assertThat(r.findings())
        .anyMatch(
            f ->
                f.text()
                    .equals(
                        "warm up: api.contoso.com did not warm up, so the host should not take"
                            + " traffic yet"));
    assertThat(Duration.between(t0, clock.instant())).isLessThan(Duration.ofSeconds(25));
  }

  @Test
  void redirect_isAnAnswer_neverFollowed() {
    OperationEngine e = engine("0s", List.of(new WarmupRule("www", "/login", null, null, null)));

    OperationResult r = e.run(req(Action.RECYCLE, new Scope.Pool("Web")));

    assertThat(r.outcome()).as(Harness.describe(r)).isEqualTo(Outcome.SUCCEEDED);
    assertThat(check(r, "www").detail())
        .isEqualTo(
            "GET /login → 302 (redirect to https://login.contoso.com/, not followed) after 0ms"
                + " (1 try)");
  }

  @Test
  void redirect_whenAnotherStatusIsExpected_failsSayingItWasNotFollowed() {
    OperationEngine e =
        engine("0s", List.of(new WarmupRule("www", "/login", null, 200, Duration.ofSeconds(5))));

    OperationResult r = e.run(req(Action.RECYCLE, new Scope.Pool("Web")));

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(check(r, "www").detail())
        .startsWith(
            "GET /login did not answer 200 within 5s: last 302 (redirect to"
                + " https://login.contoso.com/, not followed)");
  }

  @Test
  void urlOnAnotherMachine_isRefused() {
    assertThatThrownBy(
            () -> new WarmupRule("www", null, URI.create("http://10.1.2.3/health"), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not on this host");
    assertThatThrownBy(
            () ->
                new WarmupRule(
                    "www", null, URI.create("http://localhost.evil.example/"), null, null))
        .hasMessageContaining("is not on this host");
    assertThat(WarmupRule.isLoopbackName("127.0.0.2")).isTrue();
    assertThat(WarmupRule.isLoopbackName("127.0.0.256")).isFalse();
  }

  @Test
  void bindingOnAnotherMachinesAddress_isRefused_andNoRequestIsSent() {
    Site site =
        new Site(
            "www",
            1,
            io.iisbot.iis.ObjectState.STARTED,
            List.of("http/192.0.2.10:80:www.contoso.com"),
            List.of("Web"),
            true);

    assertThatThrownBy(() -> WarmupSteps.target(site, WarmupRule.standard("www", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "its binding's address 192.0.2.10 is not on this host; refusing to warm it up there");
  }

  @Test
  void target_usesLoopbackAndTheBindingsHostName() {
    Site site =
        new Site(
            "api",
            2,
            io.iisbot.iis.ObjectState.STARTED,
            List.of("https/*:443:api.contoso.com", "http/*:8080:api.contoso.com"),
            List.of("Api"),
            true);

    WarmupSteps.Target t =
        WarmupSteps.target(site, new WarmupRule("api", "/health", null, 200, null));

    assertThat(t.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(t.address().getPort()).isEqualTo(8080);
    assertThat(t.hostHeader()).isEqualTo("api.contoso.com:8080");
    assertThat(t.path()).isEqualTo("/health");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "http/*:80:               | 80   | localhost",
        "http/[::]:80:            | 80   | localhost",
        "http/127.0.0.1:8081:     | 8081 | localhost:8081",
        "http/*:80:www.contoso.com | 80  | www.contoso.com",
      })
  void target_fromAppcmdBindings(String binding, int port, String host) {
    Site site =
        new Site(
            "s",
            1,
            io.iisbot.iis.ObjectState.STARTED,
            List.of("net.tcp/808:*", binding.strip()),
            List.of("P"),
            true);

    WarmupSteps.Target t = WarmupSteps.target(site, WarmupRule.standard("s", null));

    assertThat(t.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(t.address().getPort()).isEqualTo(port);
    assertThat(t.hostHeader()).isEqualTo(host);
    assertThat(t.path()).isEqualTo("/");
  }

  @Test
  void target_httpsOnlySite_hasNone_unlessARuleGivesALocalUrl() {
    Site site =
        new Site(
            "s",
            1,
            io.iisbot.iis.ObjectState.STARTED,
            List.of("https/*:443:secure.contoso.com"),
            List.of("P"),
            true);

    assertThat(WarmupSteps.target(site, WarmupRule.standard("s", null))).isNull();
    WarmupSteps.Target t =
        WarmupSteps.target(
            site,
            new WarmupRule("s", null, URI.create("http://localhost:8080/ready?x=1"), 200, null));
    assertThat(t.address().getPort()).isEqualTo(8080);
    assertThat(t.hostHeader()).isEqualTo("localhost:8080");
    assertThat(t.path()).isEqualTo("/ready?x=1");
  }

  @Test
  void plan_marksWhatInterruptsService_soABalancerCanTakeTheHostOutFirst() {
    Harness h = Harness.of("busy");

    Plan overlapped = h.engine.plan(req(Action.RECYCLE, new Scope.Pool("Api")));
    Plan gap = h.engine.plan(req(Action.RECYCLE, new Scope.Pool("Reports")));
    Plan stop = h.engine.plan(req(Action.STOP, Scope.host()));
    Plan suspend = h.engine.plan(req(Action.SUSPEND, Scope.host()));

    assertThat(overlapped.interruptsService()).isFalse();
    assertThat(gap.interruptsService()).isTrue();
    assertThat(gap.warnings())
        .anyMatch(w -> w.contains("behind a load balancer the host is taken out of rotation"));
    assertThat(stop.interruptsService()).isTrue();
    assertThat(suspend.interruptsService()).isTrue();
  }

  @Test
  void warmupOff_leavesTheStepOut() {
    Harness h = Harness.of("healthy");
    h.run(Action.STOP);

    Plan plan = h.engine.plan(req(Action.START, Scope.host()));

    assertThat(plan.steps()).extracting(Plan.PlannedStep::name).doesNotContain("warm up");
    assertThat(plan.interruptsService()).isFalse();
  }
}
