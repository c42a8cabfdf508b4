package io.iisbot.adapters.discord;

import io.iisbot.adapters.testing.Recording;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything logged through {@code java.util.logging} at INFO and above (JDA's and Javalin's logs
 * too, through slf4j-jdk14) while it is open, each record as the console would print it, stack
 * trace included; the console itself gets nothing meanwhile. Close it to restore the root logger.
 */
final class CapturedLog implements AutoCloseable {

  private final Logger root = LogManager.getLogManager().getLogger("");
  private final Handler[] saved = root.getHandlers();
  private final Recording<String> lines = new Recording<>();
  private final Handler handler =
      new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= Level.INFO.intValue()) {
            lines.add(format.format(r));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  CapturedLog() {
    for (Handler h : saved) {
      root.removeHandler(h);
    }
    root.addHandler(handler);
  }

  /** Every line so far. */
  List<String> lines() {
    return lines.matching(l -> true);
  }

  /** The first line containing {@code text}, logged already or within the timeout. */
  String await(String text, Duration timeout) {
    return lines.await(l -> l.contains(text), timeout, "log line containing \"" + text + "\"");
  }

  /** The lines that match. */
  List<String> matching(Predicate<String> match) {
    return lines.matching(match);
  }

  @Override
  public void close() {
    root.removeHandler(handler);
    for (Handler h : saved) {
      root.addHandler(h);
    }
  }
}
