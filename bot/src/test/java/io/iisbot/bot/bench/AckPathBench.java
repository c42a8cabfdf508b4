package io.iisbot.bot.bench;

import io.iisbot.adapters.discord.DiscordInteractions;
import io.iisbot.adapters.discord.DiscordSigner;
import io.iisbot.adapters.discord.DiscordStub;
import io.iisbot.adapters.slack.SlackRequests;
import io.iisbot.adapters.slack.SlackStub;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.iis.sim.Scenarios;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Benchmark 1, the ack path: the packaged bot as its own process ({@code java -jar iisbot.jar
 * --config}), Slack and Discord pointed at the stubs in this JVM, one loopback agent; an open-loop
 * generator on 127.0.0.1 sends {@value #RATE} requests/s for {@link #LENGTH} per case: the floor
 * ({@code GET /healthz}), then {@code help}, a denied {@code stop} and a {@code status} that asks
 * the agent, each as Slack slash commands and Discord interactions in two streams of half the rate,
 * every request signed and with its own trigger or interaction id. The bot's resident memory is
 * sampled throughout, for benchmark 5.
 */
final class AckPathBench {

  static final String BENCH = "1 ack path";
  static final int RATE = 500;

  /** 30 s as the issue asks; {@code -Diisbot.bench.ackSeconds=N} shortens it while developing. */
  static final Duration LENGTH =
      Duration.ofSeconds(Integer.getInteger("iisbot.bench.ackSeconds", 30));

  static final Duration WARMUP = Duration.ofSeconds(5);
  static final double P99_LIMIT_MS = 50;
  static final double FLOOR_FACTOR = 3;

  static final String SIGNING_SECRET = "bench-signing-secret-5f0c1e2d3a4b";
  static final String OTHER_USER = "1301000000000000041";

  /** The bot's memory over benchmark 1, for benchmark 5; null until it ran. */
  static volatile Memory memory;

  /**
   * Resident memory of the bot's process tree (one process where the launcher execs the JVM) in kB.
   *
   * @param maxDuring the most seen while benchmark 1 ran
   * @param after the last sample, a few seconds after the load ended
   * @param botJvmMax the most of the bot's own JVM alone
   * @param samples how many samples
   */
  record Memory(long maxDuring, long after, long botJvmMax, int samples) {}

  private final Path dir;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .executor(Executors.newFixedThreadPool(4))
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  AckPathBench(Path dir) {
    this.dir = dir;
  }

  void run() throws Exception {
    try (SlackStub slack = new SlackStub();
        DiscordStub discord = new DiscordStub();
        LoopbackAgents fleet =
            new LoopbackAgents(Instant.now()).add("web01", Scenarios.named("healthy"))) {
      slack.groupMembers("SONCALL", "UALICE");
      int port = BotProcess.freePort();
      Path config = config(port, slack, discord, fleet);
      try (BotProcess bot =
          BotProcess.start(
              BotProcess.botJar(),
              List.of("--config", config.toString()),
              env(),
              dir,
              "bench-1-bot")) {
        URI base = URI.create("http://127.0.0.1:" + port);
        bot.awaitOk(base.resolve("/readyz"), Duration.ofSeconds(60));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        AtomicLong max = new AtomicLong();
        AtomicLong botMax = new AtomicLong();
        AtomicLong last = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        sampler.scheduleAtFixedRate(
            () -> {
              long rss = bot.rssKb();
              last.set(rss);
              max.accumulateAndGet(rss, Math::max);
              botMax.accumulateAndGet(bot.largestRssKb(), Math::max);
              samples.incrementAndGet();
            },
            0,
            250,
            TimeUnit.MILLISECONDS);
        try {
          measure(base, slack, discord, bot);
          long during = max.get();
          Thread.sleep(3000);
          memory = new Memory(during, last.get(), botMax.get(), (int) samples.get());
        } finally {
          sampler.shutdownNow();
        }
      }
    }
  }

  private void measure(URI base, SlackStub slack, DiscordStub discord, BotProcess bot)
      throws Exception {
    URI events = base.resolve("/slack/events");
    URI interactions = base.resolve("/discord/interactions");
    SlackRequests slackSigner = new SlackRequests(SIGNING_SECRET, Clock.systemUTC());
    DiscordInteractions discordMaker = new DiscordInteractions();
    DiscordSigner discordSigner = discord.signer();

    Map<String, Function<Integer, HttpRequest>> slackCases = new LinkedHashMap<>();
    slackCases.put(
        "help",
        i ->
            slackRequest(
                events,
                slackSigner.slashCommand(
                    "/iis", "help", "UALICE", "C1", slack.responseUrl("b" + i))));
    slackCases.put(
        "denied stop",
        i ->
            slackRequest(
                events,
                slackSigner.slashCommand(
                    "/iis", "stop web01", "UMAL", "C1", slack.responseUrl("b" + i))));
    slackCases.put(
        "status",
        i ->
            slackRequest(
                events,
                slackSigner.slashCommand(
                    "/iis", "status web01", "UALICE", "C1", slack.responseUrl("b" + i))));
    Map<String, Function<Integer, HttpRequest>> discordCases = new LinkedHashMap<>();
    List<String> oncall = List.of(DiscordStub.ONCALL_ROLE_ID);
    discordCases.put(
        "help",
        i ->
            discordRequest(
                interactions,
                discordSigner,
                discordMaker.command(
                    DiscordStub.GUILD_ID,
                    DiscordStub.CHANNEL_ID,
                    DiscordStub.OPERATOR_ID,
                    oncall,
                    "iis",
                    "help",
                    Map.of())));
    discordCases.put(
        "denied stop",
        i ->
            discordRequest(
                interactions,
                discordSigner,
                discordMaker.command(
                    DiscordStub.GUILD_ID,
                    DiscordStub.CHANNEL_ID,
                    OTHER_USER,
                    List.of(),
                    "iis",
                    "stop",
                    Map.of("target", "web01"))));
    discordCases.put(
        "status",
        i ->
            discordRequest(
                interactions,
                discordSigner,
                discordMaker.command(
                    DiscordStub.GUILD_ID,
                    DiscordStub.CHANNEL_ID,
                    DiscordStub.OPERATOR_ID,
                    oncall,
                    "iis",
                    "status",
                    Map.of("target", "web01"))));
    Predicate<HttpResponse<String>> ok200 = r -> r.statusCode() == 200;
    Predicate<HttpResponse<String>> denied =
        r -> r.statusCode() == 200 && r.body().toLowerCase(Locale.ROOT).contains("not allowed");

    // Warm-up: every kind of request, not measured, so the JIT has seen them.
    int warm = (int) (RATE / 2 * WARMUP.toSeconds() / 4);
    for (String c : slackCases.keySet()) {
      parallel(build(slackCases.get(c), warm), build(discordCases.get(c), warm), RATE, r -> true);
    }
    OpenLoop.run(
        client,
        build(i -> get(base.resolve("/healthz")), warm * 2),
        RATE,
        System.nanoTime(),
        r -> true);
    slack.reset();
    slack.groupMembers("SONCALL", "UALICE");
    discord.forgetCalls();

    int n = (int) (RATE * LENGTH.toSeconds());
    long cpu0 = bot.cpuMs();
    OpenLoop.Latencies floor =
        OpenLoop.run(
            client,
            build(i -> get(base.resolve("/healthz")), n),
            RATE,
            System.nanoTime() + 200_000_000L,
            ok200);
    double floorP99 = floor.percentileMs(99);
    Map<String, Object> floorNumbers = numbers(floor);
    floorNumbers.put("botCpuMsPerRequest", (bot.cpuMs() - cpu0) / (double) n);
    BenchReport.add(
        BenchReport.Row.compared(
            BENCH, "floor GET /healthz " + summaryWhat(), summary(floor), floorNumbers));
    for (String c : slackCases.keySet()) {
      int half = n / 2;
      List<HttpRequest> s = build(slackCases.get(c), half);
      List<HttpRequest> d = build(discordCases.get(c), half);
      Predicate<HttpResponse<String>> ok = c.equals("denied stop") ? denied : ok200;
      long cpu = bot.cpuMs();
      OpenLoop.Latencies[] both = parallel(s, d, RATE, ok);
      double cpuPerRequest = (bot.cpuMs() - cpu) / (double) (2 * half);
      report("slack " + c, both[0], floorP99, cpuPerRequest);
      report("discord " + c, both[1], floorP99, cpuPerRequest);
      slack.reset();
      slack.groupMembers("SONCALL", "UALICE");
      discord.forgetCalls();
    }
  }

  private static String summaryWhat() {
    return "(p50 / p99 / max, errors)";
  }

  private void report(String what, OpenLoop.Latencies l, double floorP99, double cpuPerRequest) {
    double p99 = l.percentileMs(99);
    double limit = Math.min(P99_LIMIT_MS, FLOOR_FACTOR * floorP99);
    boolean met = l.errors() == 0 && p99 <= P99_LIMIT_MS && p99 <= FLOOR_FACTOR * floorP99;
    Map<String, Object> numbers = numbers(l);
    numbers.put("floorP99Ms", floorP99);
    // Both platforms' requests of the case together: the bot's CPU is not split by platform.
    numbers.put("botCpuMsPerRequest", cpuPerRequest);
    BenchReport.add(
        new BenchReport.Row(
            BENCH,
            what + " " + summaryWhat(),
            summary(l),
            String.format(Locale.ROOT, "p99 ≤ 50 ms and ≤ 3× floor (%.1f ms), 0 errors", limit),
            met,
            numbers));
  }

  static String summary(OpenLoop.Latencies l) {
    return String.format(
        Locale.ROOT,
        "%.1f / %.1f / %.1f ms, %d%s",
        l.percentileMs(50),
        l.percentileMs(99),
        l.maxMs(),
        l.errors(),
        l.errors() > 0 ? " (" + l.firstError() + ")" : "");
  }

  static Map<String, Object> numbers(OpenLoop.Latencies l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requests", l.count());
    m.put("ratePerSecond", RATE);
    m.put("p50Ms", l.percentileMs(50));
    m.put("p90Ms", l.percentileMs(90));
    m.put("p99Ms", l.percentileMs(99));
    m.put("p999Ms", l.percentileMs(99.9));
    m.put("maxMs", l.maxMs());
    m.put("errors", l.errors());
    if (l.firstError() != null) {
      m.put("firstError", l.firstError());
    }
    return m;
  }

  /** Two streams at half the rate each, the second half an interval later, at the same time. */
  private OpenLoop.Latencies[] parallel(
      List<HttpRequest> a, List<HttpRequest> b, int rate, Predicate<HttpResponse<String>> ok)
      throws Exception {
    long start = System.nanoTime() + 200_000_000L;
    OpenLoop.Latencies[] out = new OpenLoop.Latencies[2];
    Exception[] failed = new Exception[1];
    Thread other =
        new Thread(
            () -> {
              try {
                out[1] = OpenLoop.run(client, b, rate / 2.0, start + 1_000_000_000L / rate, ok);
              } catch (Exception e) {
                failed[0] = e;
              }
            },
            "bench-discord");
    other.start();
    out[0] = OpenLoop.run(client, a, rate / 2.0, start, ok);
    other.join();
    if (failed[0] != null) {
      throw failed[0];
    }
    return out;
  }

  private static List<HttpRequest> build(Function<Integer, HttpRequest> make, int n) {
    List<HttpRequest> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(make.apply(i));
    }
    return out;
  }

  private static HttpRequest get(URI url) {
    return HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build();
  }

  private static HttpRequest slackRequest(URI url, SlackRequests.Signed signed) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(signed.body()));
    signed.headers().forEach(b::header);
    return b.build();
  }

  private static HttpRequest discordRequest(URI url, DiscordSigner signer, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("Content-Type", "application/json")
            .header("User-Agent", DiscordSigner.USER_AGENT);
    signer.sign(Long.toString(Instant.now().getEpochSecond()), body).forEach(b::header);
    return b.build();
  }

  private Path config(int port, SlackStub slack, DiscordStub discord, LoopbackAgents fleet)
      throws Exception {
    Files.createDirectories(dir);
    return Files.writeString(
        dir.resolve("iisbot.yaml"),
        """
        server: {port: %d, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
        console: {enabled: false}
        slack:
          signingSecretEnv: SLACK_SIGNING_SECRET
          botTokenEnv: SLACK_BOT_TOKEN
          apiUrl: %s
        discord:
          botTokenEnv: DISCORD_BOT_TOKEN
          applicationId: "%s"
          publicKey: %s
          guildId: "%s"
          apiUrl: %s
        hosts:
          - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
        roles:
          - name: oncall
            members: ["slack-group:SONCALL", "discord-role:%s"]
            allow: [{actions: ["*"], hosts: ["*"]}]
        """
            .formatted(
                port,
                dir.resolve("data").toString().replace("\\", "/"),
                slack.apiUrl(),
                DiscordStub.APPLICATION_ID,
                discord.signer().publicKeyHex(),
                DiscordStub.GUILD_ID,
                discord.restUrl(),
                fleet.agents.get("web01").uri(),
                DiscordStub.ONCALL_ROLE_ID));
  }

  static Map<String, String> env() {
    return Map.of(
        "BOT_SECRET", "bench-bot-secret-0123456789abcdef0123",
        "AGENT_SECRET", new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8),
        "SLACK_SIGNING_SECRET", SIGNING_SECRET,
        "SLACK_BOT_TOKEN", "xoxb-bench-token",
        "DISCORD_BOT_TOKEN", "bench-token");
  }
}
