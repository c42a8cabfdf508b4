package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent's end of injection: a correctly signed plan or operation whose site or pool name holds
 * a quote, {@code &}, {@code |}, {@code %}, a line break, an XPath or a path character is refused
 * with 400 and a message saying what names may hold, before any plan is made or anything runs,
 * whatever host the agent serves (the Windows backend checks again before appcmd, XPath and the
 * SCM: AppcmdHostileNamesTest, EventQueriesTest, ServiceHostileNamesTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class AgentHostileNamesTest {

  private final ObjectMapper json = new ObjectMapper();
  private AgentFixture agent;
  private String before;

  @BeforeAll
  void start() {
    agent = new AgentFixture("healthy", AllowList.everything());
    before = agent.host.pools().toString() + agent.host.sites();
  }

  @AfterAll
  void stop() {
    agent.close();
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("double quote", "Default\" /apppool.name:Other"),
        Arguments.of("apostrophe", "WAS' or '1'='1"),
        Arguments.of("ampersand", "a & calc.exe"),
        Arguments.of("pipe", "a | del *"),
        Arguments.of("percent", "%windir%"),
        Arguments.of("line feed", "pool\nERROR ( message:forged )"),
        Arguments.of("carriage return", "pool\r"),
        Arguments.of("XPath predicate", "a[1]"),
        Arguments.of("XPath equals", "a=b"),
        Arguments.of("slash", "../../etc"),
        Arguments.of("backslash", "..\\..\\windows"),
        Arguments.of("colon", "C:x"),
        Arguments.of("leading dash", "-x"),
        Arguments.of("backtick", "`whoami`"),
        Arguments.of("dollar", "$(Stop-Service W3SVC)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void plansAndOperations_hostileName_are400BeforeAnythingRuns(String what, String name)
      throws Exception {
    for (String scope : new String[] {"site:" + name, "pool:" + name}) {
      String plan = json.writeValueAsString(Map.of("action", "stop", "scope", scope));
      HttpResponse<String> planned = agent.send("POST", "/v1/plans", plan);
      String op =
          json.writeValueAsString(
              Map.of("id", "hostile-names-0001", "action", "stop", "scope", scope));
      HttpResponse<String> started = agent.send("POST", "/v1/operations", op);

      for (HttpResponse<String> r : java.util.List.of(planned, started)) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("message").asText())
            .as(what)
            .startsWith("not a valid " + (scope.startsWith("site") ? "site" : "app pool") + " name")
            .contains("letters, digits, spaces and . _ - ( ) @ only")
            .doesNotContain("\n");
      }
    }
    assertThat(agent.host.pools().toString() + agent.host.sites()).isEqualTo(before);
  }
}
