package io.iisbot.bot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The benchmarks of README "Performance", one ordered method each ({@code mvn -B -Pbench verify};
 * one alone: {@code -Dtest='Benchmarks#ackPath'}), then the summary: every benchmark's rows as one
 * table (the README's table is a copy of it), written to {@code bench.md} and {@code bench.json}
 * too; it fails when a target was missed or a benchmark reported nothing. A benchmark method adds
 * its rows through {@link BenchReport} and asserts nothing itself, so one missed target does not
 * hide the others.
 */
@Tag("bench")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class Benchmarks {

  @BeforeAll
  static void forgetEarlierRuns() {
    BenchReport.reset();
  }

  /** Every benchmark the README lists; each must report at least one row. */
  static final List<String> BENCHMARKS =
      List.of(
          "1 ack path",
          "2 confirm to progress",
          "3 graceful stop",
          "4 fleet fan-out",
          "5 footprint");

  @Test
  @Order(1)
  void ackPath() throws Exception {
    new AckPathBench(workDir("bench-1")).run();
  }

  @Test
  @Order(2)
  void confirmToProgress() throws Exception {
    new ConfirmProgressBench(workDir("bench-2")).run();
  }

  @Test
  @Order(3)
  void gracefulStop() throws Exception {
    GracefulStopBench.run(workDir("bench-3"));
  }

  @Test
  @Order(4)
  void fleetFanOut() throws Exception {
    FleetBench.run(workDir("bench-4"));
  }

  @Test
  @Order(5)
  void footprint() throws Exception {
    new FootprintBench(workDir("bench-5")).run();
  }

  /** A fresh directory for one benchmark's bot, under the bench directory. */
  static java.nio.file.Path workDir(String name) throws java.io.IOException {
    java.nio.file.Path d = BenchReport.dir().resolve(name).toAbsolutePath();
    if (Files.exists(d)) {
      try (var walk = Files.walk(d)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return Files.createDirectories(d);
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void summary_printsTheTable_andFailsOnAMissedTarget() throws Exception {
    List<BenchReport.Row> rows = BenchReport.rows();
    String table = table(rows);
    System.out.println();
    System.out.println(table);
    Files.createDirectories(BenchReport.dir());
    Files.writeString(BenchReport.dir().resolve("bench.md"), table);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(BenchReport.dir().resolve("bench.json").toFile(), rows);

    Set<String> reported = new LinkedHashSet<>();
    rows.forEach(r -> reported.add(r.bench()));
    assertThat(reported).as("benchmarks that reported rows").containsAll(BENCHMARKS);
    assertThat(rows.stream().filter(r -> !r.met()).map(r -> r.bench() + ": " + r.what()))
        .as("targets missed")
        .isEmpty();
  }

  /** The rows as a Markdown table, columns padded so it reads in a terminal too. */
  static String table(List<BenchReport.Row> rows) {
    String[] head = {"benchmark", "measured", "value", "target", "met"};
    List<String[]> cells = new java.util.ArrayList<>();
    cells.add(head);
    for (BenchReport.Row r : rows) {
      cells.add(
          new String[] {
            r.bench(),
            r.what(),
            r.measured(),
            r.target(),
            r.target().equals("-") ? "" : r.met() ? "yes" : "NO"
          });
    }
    int[] width = new int[head.length];
    for (String[] c : cells) {
      for (int i = 0; i < c.length; i++) {
        width[i] = Math.max(width[i], c[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int n = 0; n < cells.size(); n++) {
      String[] c = cells.get(n);
      out.append('|');
      for (int i = 0; i < c.length; i++) {
        out.append(' ').append(c[i]).append(" ".repeat(width[i] - c[i].length())).append(" |");
      }
      out.append('\n');
      if (n == 0) {
        out.append('|');
        for (int w : width) {
          out.append("-".repeat(w + 2)).append('|');
        }
        out.append('\n');
      }
    }
    return out.toString();
  }
}
