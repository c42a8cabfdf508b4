package io.iisbot.bot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the benchmarks put their results: one JSON line per row in {@code rows.jsonl} under {@code
 * iisbot.bench.dir} (the profile sets {@code bot/target/bench}). A benchmark adds its rows and
 * asserts nothing itself, so one missed target does not hide the others; {@link Benchmarks}'
 * summary, which runs last, prints the table, writes {@code bench.json} and fails the build on a
 * missed target or a benchmark that reported nothing.
 */
final class BenchReport {

  /**
   * One measured line of the table.
   *
   * @param bench the benchmark, as the README numbers them: {@code 1 ack path}
   * @param what what was measured: {@code help p99}
   * @param measured the value as shown: {@code 12.4 ms}
   * @param target the target as shown ({@code ≤ 50 ms}), or {@code -} for a row only for comparison
   * @param met whether the target was met (true for comparison rows)
   * @param numbers the raw numbers behind the row, for {@code bench.json}
   */
  record Row(
      String bench,
      String what,
      String measured,
      String target,
      boolean met,
      Map<String, Object> numbers) {
    Row {
      Objects.requireNonNull(bench, "bench");
      Objects.requireNonNull(what, "what");
      Objects.requireNonNull(measured, "measured");
      Objects.requireNonNull(target, "target");
      numbers = numbers == null ? Map.of() : new LinkedHashMap<>(numbers);
    }

    /** A row only for comparison (the floor, the common scripts): no target. */
    static Row compared(String bench, String what, String measured, Map<String, Object> numbers) {
      return new Row(bench, what, measured, "-", true, numbers);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchReport() {}

  static Path dir() {
    return Path.of(System.getProperty("iisbot.bench.dir", "target/bench"));
  }

  /** Adds a row; safe from several threads of one JVM. */
  static synchronized void add(Row row) {
    try {
      Files.createDirectories(dir());
      Files.writeString(
          dir().resolve("rows.jsonl"),
          JSON.writeValueAsString(row) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("writing a benchmark row", e);
    }
    System.out.printf(
        "[bench] %s: %s = %s (target %s)%s%n",
        row.bench(), row.what(), row.measured(), row.target(), row.met() ? "" : "  MISSED");
  }

  /** The rows added since the run began, in order. */
  static synchronized List<Row> rows() {
    Path file = dir().resolve("rows.jsonl");
    List<Row> rows = new ArrayList<>();
    try {
      if (!Files.exists(file)) {
        return rows;
      }
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          rows.add(JSON.readValue(line, Row.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the benchmark rows", e);
    }
    return rows;
  }

  /** Forgets the rows of an earlier run; {@link Benchmarks} calls it first. */
  static synchronized void reset() {
    try {
      Files.deleteIfExists(dir().resolve("rows.jsonl"));
    } catch (IOException e) {
      throw new UncheckedIOException("removing old benchmark rows", e);
    }
  }
}
