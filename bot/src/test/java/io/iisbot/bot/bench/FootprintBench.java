package io.iisbot.bot.bench;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark 5, footprint: the demo ({@code java -jar iisbot.jar}, no configuration) from process
 * start to {@code /healthz} answering 200, {@value #STARTS} times (the median counts); the bot's
 * resident memory during and after benchmark 1 (every process of the tree: one where the launcher
 * execs the bot's JVM); the agent's ({@code java -jar iisbot-agent.jar --simulate healthy})
 * resident memory when idle.
 */
final class FootprintBench {

  static final String BENCH = "5 footprint";
  static final int STARTS = 3;
  static final Duration START_LIMIT = Duration.ofSeconds(3);
  static final long BOT_LIMIT_KB = 300 * 1024;
  static final long AGENT_LIMIT_KB = 128 * 1024;

  private final Path dir;

  FootprintBench(Path dir) {
    this.dir = dir;
  }

  void run() throws Exception {
    demoStart();
    botMemory();
    agentIdle();
  }

  private void demoStart() throws Exception {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < STARTS; i++) {
      int port = BotProcess.freePort();
      Path run = dir.resolve("demo-" + i);
      try (BotProcess demo =
          BotProcess.start(
              BotProcess.botJar(),
              List.of("--port", Integer.toString(port), "--data", run.resolve("data").toString()),
              Map.of(),
              run,
              "bench-5-demo-" + i)) {
        ms.add(
            demo.awaitOk(
                        URI.create("http://127.0.0.1:" + port + "/healthz"), Duration.ofSeconds(60))
                    .toNanos()
                / 1e6);
      }
    }
    double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = sorted[sorted.length / 2];
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("allMs", ms);
    numbers.put("medianMs", median);
    BenchReport.add(
        new BenchReport.Row(
            BENCH,
            "demo start → /healthz 200 (median of " + STARTS + ")",
            String.format(Locale.ROOT, "%.2f s (all: %s)", median / 1000, seconds(ms)),
            "≤ 3 s",
            median <= START_LIMIT.toMillis(),
            numbers));
  }

  private void botMemory() {
    AckPathBench.Memory m = AckPathBench.memory;
    if (m == null) {
      BenchReport.add(
          new BenchReport.Row(
              BENCH,
              "bot RSS during / after benchmark 1",
              "not measured (benchmark 1 did not run)",
              "≤ 300 MB",
              false,
              Map.of()));
      return;
    }
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("maxDuringKb", m.maxDuring());
    numbers.put("afterKb", m.after());
    numbers.put("botJvmMaxKb", m.botJvmMax());
    numbers.put("samples", m.samples());
    BenchReport.add(
        new BenchReport.Row(
            BENCH,
            "bot RSS during / after benchmark 1 (whole process tree)",
            String.format(Locale.ROOT, "%d / %d MB", m.maxDuring() / 1024, m.after() / 1024),
            "≤ 300 MB",
            m.maxDuring() <= BOT_LIMIT_KB && m.after() <= BOT_LIMIT_KB,
            numbers));
  }

  private void agentIdle() throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Map<String, String> env =
        Map.of(
            "IISBOT_AGENT_KEY_ID",
            "bench",
            "IISBOT_AGENT_SECRET",
            HexFormat.of().formatHex(secret));
    try (BotProcess agent =
        BotProcess.start(
            BotProcess.agentJar(),
            List.of("--simulate", "healthy", "--port", "0", "--bind", "127.0.0.1"),
            env,
            dir.resolve("agent"),
            "bench-5-agent")) {
      String out = agent.awaitLog(" on http://", Duration.ofSeconds(60));
      String uri = out.substring(out.lastIndexOf(" on http://") + 4).split("[,\\s]")[0];
      agent.awaitOk(URI.create(uri + "/healthz"), Duration.ofSeconds(10));
      long max = 0;
      for (int i = 0; i < 10; i++) {
        Thread.sleep(500);
        max = Math.max(max, agent.rssKb());
      }
      Map<String, Object> numbers = new LinkedHashMap<>();
      numbers.put("maxIdleKb", max);
      BenchReport.add(
          new BenchReport.Row(
              BENCH,
              "agent idle RSS (--simulate healthy)",
              (max / 1024) + " MB",
              "≤ 128 MB",
              max <= AGENT_LIMIT_KB,
              numbers));
    }
  }

  private static String seconds(List<Double> ms) {
    StringBuilder s = new StringBuilder();
    for (double m : ms) {
      s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", m / 1000));
    }
    return s.toString();
  }
}
