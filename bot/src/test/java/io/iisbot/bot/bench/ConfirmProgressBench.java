package io.iisbot.bot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.slack.SlackRequests;
import io.iisbot.adapters.slack.SlackStub;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.iis.sim.Scenarios;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark 2, Confirm to first progress: the packaged bot as its own process with Slack on the
 * stub and {@value #HOSTS} loopback agents; for each host, {@code /iis stop webNN}, then a click on
 * the prompt's Confirm, and the time from the click's ack (its HTTP answer arriving here) to the
 * first {@code chat.update} of that message reaching the stub. One stop per host, so no run waits
 * for another's lease.
 */
final class ConfirmProgressBench {

  static final String BENCH = "2 confirm to progress";
  static final int HOSTS = 20;
  static final double P50_LIMIT_MS = 150;
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Path dir;
  private final ObjectMapper json = new ObjectMapper();

  ConfirmProgressBench(Path dir) {
    this.dir = dir;
  }

  void run() throws Exception {
    LoopbackAgents fleet = new LoopbackAgents(Instant.now());
    for (int i = 1; i <= HOSTS; i++) {
      fleet.add(host(i), Scenarios.named("healthy"));
    }
    try (SlackStub slack = new SlackStub();
        fleet) {
      slack.groupMembers("SONCALL", "UALICE");
      int port = BotProcess.freePort();
      Path config = config(port, slack, fleet);
      try (BotProcess bot =
          BotProcess.start(
              BotProcess.botJar(),
              List.of("--config", config.toString()),
              AckPathBench.env(),
              dir,
              "bench-2-bot")) {
        URI base = URI.create("http://127.0.0.1:" + port);
        bot.awaitOk(base.resolve("/readyz"), Duration.ofSeconds(60));
        URI events = base.resolve("/slack/events");
        SlackRequests requests = new SlackRequests(AckPathBench.SIGNING_SECRET, Clock.systemUTC());
        List<Double> ms = new ArrayList<>();
        int errors = 0;
        String firstError = null;
        for (int i = 1; i <= HOSTS; i++) {
          try {
            ms.add(once(slack, requests, events, host(i), i));
          } catch (Exception | AssertionError e) {
            errors++;
            firstError = firstError == null ? e.toString() : firstError;
          }
        }
        report(ms, errors, firstError);
      }
    }
  }

  /** One stop through Confirm; the milliseconds from the click's ack to the first edit. */
  private double once(SlackStub slack, SlackRequests requests, URI events, String host, int i)
      throws Exception {
    HttpResponse<String> ack =
        requests
            .slashCommand("/iis", "stop " + host, "UALICE", "C1", slack.responseUrl("c" + i))
            .postTo(events);
    if (ack.statusCode() != 200) {
      throw new IllegalStateException("the command got " + ack.statusCode() + " " + ack.body());
    }
    SlackStub.Call prompt =
        slack.awaitCall(
            "chat.postMessage",
            c ->
                c.param("text") != null && c.param("text").startsWith("Confirm: /iis stop " + host),
            WAIT);
    String ts = json.readTree(prompt.answer()).get("ts").asText();
    SlackRequests.Signed click =
        requests.blockAction(
            "UALICE",
            "C1",
            ts,
            "confirm",
            buttonValue(prompt, "confirm"),
            slack.responseUrl("k" + i));
    HttpResponse<String> clicked = click.postTo(events);
    Instant acked = Instant.now();
    if (clicked.statusCode() != 200) {
      throw new IllegalStateException(
          "the click got " + clicked.statusCode() + " " + clicked.body());
    }
    SlackStub.Call edit = slack.awaitCall("chat.update", c -> ts.equals(c.param("ts")), WAIT);
    // The edit may reach the stub before the ack reaches us: that counts as no wait at all.
    return Math.max(0, Duration.between(acked, edit.at()).toNanos() / 1e6);
  }

  private void report(List<Double> ms, int errors, String firstError) {
    double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double p50 = sorted.length == 0 ? Double.NaN : sorted[(sorted.length - 1) / 2];
    double max = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    double min = sorted.length == 0 ? Double.NaN : sorted[0];
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("runs", ms.size() + errors);
    numbers.put("p50Ms", p50);
    numbers.put("minMs", min);
    numbers.put("maxMs", max);
    numbers.put("allMs", ms);
    numbers.put("errors", errors);
    if (firstError != null) {
      numbers.put("firstError", firstError);
    }
    BenchReport.add(
        new BenchReport.Row(
            BENCH,
            "Slack Confirm ack → first chat.update, "
                + (ms.size() + errors)
                + " runs (p50 / max, errors)",
            String.format(
                Locale.ROOT,
                "%.1f / %.1f ms, %d%s",
                p50,
                max,
                errors,
                firstError == null ? "" : " (" + firstError + ")"),
            "p50 ≤ 150 ms, 0 errors",
            errors == 0 && p50 <= P50_LIMIT_MS,
            numbers));
  }

  private String buttonValue(SlackStub.Call call, String action) throws Exception {
    for (JsonNode block : json.readTree(call.param("blocks"))) {
      if (block.path("type").asText().equals("actions")) {
        for (JsonNode e : block.get("elements")) {
          if (e.path("action_id").asText().equals(action)) {
            return e.get("value").asText();
          }
        }
      }
    }
    throw new AssertionError("no " + action + " button in " + call.param("blocks"));
  }

  private static String host(int i) {
    return String.format(Locale.ROOT, "web%02d", i);
  }

  private Path config(int port, SlackStub slack, LoopbackAgents fleet) throws Exception {
    Files.createDirectories(dir);
    StringBuilder hosts = new StringBuilder();
    fleet.agents.forEach(
        (name, agent) ->
            hosts.append(
                "  - {name: %s, agent: \"%s\", keyId: bot, secretEnv: AGENT_SECRET}\n"
                    .formatted(name, agent.uri())));
    return Files.writeString(
        dir.resolve("iisbot.yaml"),
        """
        server: {port: %d, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
        console: {enabled: false}
        slack:
          signingSecretEnv: SLACK_SIGNING_SECRET
          botTokenEnv: SLACK_BOT_TOKEN
          apiUrl: %s
        hosts:
        %s
        roles:
          - name: oncall
            members: ["slack-group:SONCALL"]
            allow: [{actions: ["*"], hosts: ["*"]}]
        """
            .formatted(
                port, dir.resolve("data").toString().replace("\\", "/"), slack.apiUrl(), hosts));
  }
}
