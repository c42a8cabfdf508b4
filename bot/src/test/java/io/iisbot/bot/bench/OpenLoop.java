package io.iisbot.bot.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * An open-loop load generator: request {@code i} is due at {@code start + i / rate} whatever
 * happened to the ones before, and its latency is measured from that due time, not from when it was
 * sent, so a stall in the server (or here) shows as the latency of every request it delayed instead
 * of hiding it (coordinated omission). The requests are built before the clock starts.
 */
final class OpenLoop {

  /** A request is an error after this long; Slack and Discord give up at 3 s. */
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  /**
   * The latencies of one stream.
   *
   * @param nanos the latency of every request that succeeded, sorted
   * @param errors requests answered with another status or body, failed or timed out
   * @param firstError what the first error was, or null
   */
  record Latencies(long[] nanos, int errors, String firstError) {

    double percentileMs(double p) {
      if (nanos.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.ceil(p / 100.0 * nanos.length) - 1;
      return nanos[Math.max(0, Math.min(nanos.length - 1, i))] / 1e6;
    }

    double maxMs() {
      return nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6;
    }

    int count() {
      return nanos.length + errors;
    }
  }

  private OpenLoop() {}

  /**
   * Sends {@code requests} at {@code perSecond}, starting at {@code startNanos} ({@link
   * System#nanoTime()}), and waits for every answer.
   *
   * @param ok whether an answer is a success
   */
  static Latencies run(
      HttpClient client,
      List<HttpRequest> requests,
      double perSecond,
      long startNanos,
      Predicate<HttpResponse<String>> ok)
      throws InterruptedException {
    int n = requests.size();
    long[] latency = new long[n];
    Arrays.fill(latency, -1);
    AtomicInteger errors = new AtomicInteger();
    String[] firstError = new String[1];
    CountDownLatch done = new CountDownLatch(n);
    double interval = 1e9 / perSecond;
    for (int i = 0; i < n; i++) {
      long due = startNanos + (long) (i * interval);
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      int k = i;
      client
          .sendAsync(requests.get(i), HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (r, e) -> {
                long took = System.nanoTime() - due;
                if (e == null && ok.test(r) && took <= TIMEOUT.toNanos()) {
                  latency[k] = took;
                } else {
                  errors.incrementAndGet();
                  synchronized (firstError) {
                    if (firstError[0] == null) {
                      firstError[0] =
                          e != null
                              ? e.toString()
                              : took > TIMEOUT.toNanos()
                                  ? "took " + took / 1_000_000 + " ms"
                                  : r.statusCode() + " " + abbreviate(r.body());
                    }
                  }
                }
                done.countDown();
              });
    }
    if (!done.await(TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
      // The rest count as errors below.
    }
    long[] good = Arrays.stream(latency.clone()).filter(l -> l >= 0).sorted().toArray();
    int failed = n - good.length;
    synchronized (firstError) {
      return new Latencies(
          good, failed, firstError[0] == null && failed > 0 ? "no answer in time" : firstError[0]);
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
