package io.iisbot.bot.bench;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.bot.app.BotApp;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.iis.agent.AgentClient;
import io.iisbot.iis.agent.Wire;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.sim.Scenario;
import io.iisbot.iis.sim.Scenarios;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark 4, fleet fan-out: {@code status @all} over 200 real agents on loopback (signed HTTP,
 * simulated hosts in real time) against the same 200 asked one after another in the same run; the
 * same with one agent that accepts connections and never answers, and with one that refuses them;
 * and a rolling {@code recycle} over 100 of them in batches of 10, whose overhead is its wall time
 * less the sum of its batches' own durations (each batch: its slowest host's operation, from start
 * to finish as that host's agent recorded it).
 */
final class FleetBench {

  static final String NAME = "4 fleet fan-out";
  static final int HOSTS = 200;
  static final int ROLLING = 100;
  static final int BATCH = 10;

  /**
   * Rounds of both ways before measuring: about 4,000 calls, by which the JIT has compiled the
   * request paths of the bot and of the agents (the measured times stop falling after about ten).
   */
  static final int WARM_UP_ROUNDS = 10;

  private static final String CHANNEL = "bench";

  private FleetBench() {}

  static void run(Path dir) throws Exception {
    List<Scenario> scenarios = new ArrayList<>();
    Scenario healthy = Scenarios.named("healthy");
    for (int i = 1; i <= HOSTS; i++) {
      scenarios.add(
          new Scenario(
              name(i),
              healthy.description(),
              healthy.services(),
              healthy.pools(),
              healthy.sites(),
              healthy.faults()));
    }
    // The engine's own timing: a recycle watches for rapid-fail protection for 10 s, as it would.
    EngineSettings engine = EngineSettings.defaults();
    try (Silent silent = new Silent();
        RealTimeAgents fleet = new RealTimeAgents(dir.resolve("fleet"))) {
      long t0 = System.nanoTime();
      fleet.start(scenarios, engine);
      System.out.printf("[bench] %d agents started in %s ms%n", HOSTS, fmt(ms(t0)));
      URI refused = refusedPort();
      fleet
          .extra("silent", silent.uri())
          .extra("refusing", refused)
          .group(
              "rolling",
              java.util.stream.IntStream.rangeClosed(1, ROLLING)
                  .mapToObj(FleetBench::name)
                  .toList());
      LocalChat chat = new LocalChat("bench", null);
      BotApp app = fleet.bot(chat);
      Caller admin = RealTimeAgents.admin();

      if (Boolean.getBoolean("iisbot.bench.rollingOnly")) {
        // While working on the rolling run alone: -Diisbot.bench.rollingOnly=true.
        rolling(fleet, chat, admin, app);
        return;
      }
      // Warm up connections and both code paths (each round after the snapshots it was given have
      // aged out, so that every round asks the agents), then measure each the same way.
      for (int i = 0; i < WARM_UP_ROUNDS; i++) {
        agesOut();
        statusAll(chat, admin, "/iis status h*", HOSTS, 0);
        agesOut();
        oneAfterAnother(chat, admin);
      }
      double[] all = new double[3];
      double[] oneByOne = new double[3];
      for (int i = 0; i < all.length; i++) {
        agesOut();
        all[i] = statusAll(chat, admin, "/iis status h*", HOSTS, 0);
        agesOut();
        oneByOne[i] = oneAfterAnother(chat, admin);
      }
      double fanOut = median(all);
      double sequential = median(oneByOne);
      BenchReport.add(
          new BenchReport.Row(
              NAME,
              "status over 200 agents",
              fmt(fanOut) + " ms",
              "≤ 2000 ms",
              fanOut <= 2000,
              Map.of("fanOutMs", all, "medianMs", fanOut, "hosts", HOSTS)));
      BenchReport.add(
          BenchReport.Row.compared(
              NAME,
              "the same 200, one after another",
              fmt(sequential) + " ms",
              Map.of("sequentialMs", oneByOne, "medianMs", sequential, "hosts", HOSTS)));
      double speedup = sequential / fanOut;
      BenchReport.add(
          new BenchReport.Row(
              NAME,
              "fan-out speed-up over one after another",
              String.format(Locale.ROOT, "%.1f×", speedup),
              "≥ 10×",
              speedup >= 10,
              Map.of("speedup", speedup)));

      if (Boolean.getBoolean("iisbot.bench.statusOnly")) {
        return; // while working on the fan-out alone: -Diisbot.bench.statusOnly=true
      }
      // One agent that refuses connections, one that accepts and never answers.
      agesOut();
      double withRefusing = statusAll(chat, admin, "/iis status h*,refusing", HOSTS + 1, 1);
      BenchReport.add(
          new BenchReport.Row(
              NAME,
              "status over 200 + 1 refusing",
              fmt(withRefusing) + " ms",
              "≤ 2000 ms",
              withRefusing <= 2000,
              Map.of("ms", withRefusing)));
      double timeout = AgentClient.DEFAULT_REQUEST_TIMEOUT.toMillis();
      agesOut();
      double withSilent = statusAll(chat, admin, "/iis status @all", HOSTS + 2, 2);
      BenchReport.add(
          new BenchReport.Row(
              NAME,
              "status @all: 200 + 1 refusing + 1 silent",
              fmt(withSilent) + " ms",
              "≤ timeout " + fmt(timeout) + " + 2000 ms",
              withSilent <= timeout + 2000,
              Map.of("ms", withSilent, "timeoutMs", timeout)));

      rolling(fleet, chat, admin, app);
    }
  }

  /**
   * Waits until every snapshot {@code status} was given is too old to be shown again, so that what
   * is measured next asks every agent.
   */
  private static void agesOut() throws InterruptedException {
    Thread.sleep(io.iisbot.bot.core.HostDirectory.STATUS_MAX_AGE.toMillis() + 100);
  }

  private static void rolling(RealTimeAgents fleet, LocalChat chat, Caller admin, BotApp app)
      throws Exception {
    java.time.Instant since = java.time.Instant.now();
    List<String> ids =
        chat.type(
            admin,
            CHANNEL,
            "/iis recycle @rolling pool:DefaultAppPool --batch " + BATCH + " --reason bench");
    String prompt = ids.get(0);
    long start = System.nanoTime();
    java.time.Instant clickedAt = java.time.Instant.now();
    List<String> more = chat.click(admin, prompt, "Confirm");
    System.out.printf(
        "[bench] Confirm clicked at %s, its handler took %s ms%n", clickedAt, fmt(ms(start)));
    ChatMessage done = chat.await(prompt, ChatMessage::last, Duration.ofMinutes(4));
    double wall = ms(start);
    java.time.Instant finalAt = java.time.Instant.now();
    java.time.Instant firstStart = null;
    // Each host's own operation, as its agent recorded it.
    Map<String, String> opIds = new LinkedHashMap<>();
    for (AuditEntry e :
        app.store().history(HistoryQuery.latest(HistoryQuery.MAX_LIMIT).withSince(since))) {
      if (e.kind() == AuditEntry.Kind.RESULT && e.operationId() != null) {
        opIds.put(e.host(), e.operationId());
      }
    }
    List<Double> hostMs = new ArrayList<>();
    double sum = 0;
    List<Double> batches = new ArrayList<>();
    List<Long> gaps = new ArrayList<>();
    List<Long> spreads = new ArrayList<>();
    java.time.Instant lastEnd = null;
    int failed = 0;
    for (int b = 0; b < ROLLING; b += BATCH) {
      double slowest = 0;
      java.time.Instant first = null;
      java.time.Instant lastStart = null;
      java.time.Instant end = null;
      for (int i = b + 1; i <= b + BATCH; i++) {
        String op = opIds.get(name(i));
        if (op == null) {
          failed++;
          continue;
        }
        AgentClient client =
            AgentClient.builder(
                    fleet.agents.get(name(i)).uri(), fleet.keyId(), fleet.secret().bytes())
                .name(name(i))
                .build();
        Wire.OperationView v = client.operation(op);
        if (v.result() == null) {
          failed++;
          continue;
        }
        double d = v.result().duration().toNanos() / 1e6;
        java.time.Instant st = v.result().startedAt();
        first = first == null || st.isBefore(first) ? st : first;
        firstStart = firstStart == null || st.isBefore(firstStart) ? st : firstStart;
        lastStart = lastStart == null || st.isAfter(lastStart) ? st : lastStart;
        end = end == null || v.result().finishedAt().isAfter(end) ? v.result().finishedAt() : end;
        hostMs.add(d);
        slowest = Math.max(slowest, d);
      }
      batches.add(slowest);
      sum += slowest;
      if (first != null) {
        gaps.add(lastEnd == null ? 0 : java.time.Duration.between(lastEnd, first).toMillis());
        spreads.add(java.time.Duration.between(first, lastStart).toMillis());
        lastEnd = end;
      }
    }
    double overhead = wall - sum;
    double pct = 100 * overhead / sum;
    System.out.println("[bench] rolling recycle ended: " + done.title() + " " + more);
    BenchReport.add(
        BenchReport.Row.compared(
            NAME,
            "rolling recycle 100 hosts, batches of 10: wall / sum of batches",
            fmt(wall) + " / " + fmt(sum) + " ms",
            Map.of(
                "wallMs",
                wall,
                "sumOfBatchesMs",
                sum,
                "batchMs",
                batches,
                "hostMs",
                hostMs,
                "hostsWithoutResult",
                failed,
                "gapBeforeBatchMs",
                gaps,
                "clickToFirstStartMs",
                firstStart == null ? -1 : Duration.between(clickedAt, firstStart).toMillis(),
                "lastFinishToFinalMs",
                lastEnd == null ? -1 : Duration.between(lastEnd, finalAt).toMillis(),
                "startSpreadMs",
                spreads,
                "rapidFailWatch",
                EngineSettings.defaults().rapidFailWatch().toString())));
    BenchReport.add(
        new BenchReport.Row(
            NAME,
            "rolling recycle overhead over its batches",
            String.format(Locale.ROOT, "%.1f %% (%s ms)", pct, fmt(overhead)),
            "≤ 5 %",
            pct <= 5 && failed == 0,
            Map.of("overheadMs", overhead, "overheadPct", pct, "hostsWithoutResult", failed)));
  }

  /** {@code status} of each host, one command after another; the wall time of all in ms. */
  private static double oneAfterAnother(LocalChat chat, Caller admin) {
    long start = System.nanoTime();
    for (int i = 1; i <= HOSTS; i++) {
      List<String> ids = chat.type(admin, CHANNEL, "/iis status " + name(i));
      if (ids.size() != 1 || !chat.current(ids.get(0)).title().equals(name(i) + " status")) {
        throw new AssertionError("expected " + name(i) + "'s status, got " + ids);
      }
    }
    double took = ms(start);
    System.out.printf(
        "[bench] /iis status h001 … h%03d one after another: %s ms%n", HOSTS, fmt(took));
    return took;
  }

  /**
   * Runs a status command over many hosts and checks its one summary: every host counted, and as
   * many without an answer as expected; its wall time in ms.
   */
  private static double statusAll(
      LocalChat chat, Caller admin, String text, int hosts, int noAnswer) {
    long start = System.nanoTime();
    List<String> ids = chat.type(admin, CHANNEL, text);
    double took = ms(start);
    ChatMessage m = ids.isEmpty() ? null : chat.current(ids.get(0));
    String unanswered =
        m == null
            ? null
            : m.fields().stream()
                .filter(f -> f.name().equals("No answer"))
                .map(ChatMessage.Field::value)
                .findFirst()
                .orElse(null);
    if (ids.size() != 1
        || !m.title().equals("status of " + hosts + " hosts")
        || !String.valueOf(noAnswer).equals(unanswered)) {
      throw new AssertionError(
          "expected one summary of "
              + hosts
              + " hosts, "
              + noAnswer
              + " without an answer; got "
              + ids.size()
              + " messages: "
              + (m == null ? "" : m.plainText()));
    }
    System.out.printf("[bench] %s: %s ms%n", text, fmt(took));
    return took;
  }

  static String name(int i) {
    return String.format(Locale.ROOT, "h%03d", i);
  }

  private static URI refusedPort() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return URI.create("http://127.0.0.1:" + port);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }

  static double ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  static String fmt(double ms) {
    return String.format(Locale.ROOT, "%.0f", ms);
  }

  /** An agent that accepts connections and never answers. */
  static final class Silent implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new ArrayList<>();
    private final Thread acceptor;

    Silent() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket s = server.accept();
                    synchronized (held) {
                      held.add(s);
                    }
                  } catch (IOException e) {
                    return; // closed
                  }
                }
              },
              "bench-silent-agent");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      server.close();
      synchronized (held) {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }
}
