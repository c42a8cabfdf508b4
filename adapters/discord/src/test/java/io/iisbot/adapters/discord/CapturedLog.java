package io.iisbot.adapters.discord;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.iisbot.adapters.testing.Recording;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Everything logged at INFO and above that the levels in force let through (JDA's and Javalin's
 * warnings too), while it is open: each record as one text with level, logger, message and stack
 * trace. The console gets nothing meanwhile. Close it to restore the root logger.
 */
final class CapturedLog implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Recording<String> lines = new Recording<>();
  private final AppenderBase<ILoggingEvent> appender =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent r) {
          if (r.getLevel().isGreaterOrEqual(Level.INFO)) {
            String trace =
                r.getThrowableProxy() == null
                    ? ""
                    : "\n" + ThrowableProxyUtil.asString(r.getThrowableProxy());
            lines.add(
                r.getLevel() + " " + r.getLoggerName() + " " + r.getFormattedMessage() + trace);
          }
        }
      };
  private final ch.qos.logback.core.Appender<ILoggingEvent> console = root.getAppender("console");

  CapturedLog() {
    appender.setContext(root.getLoggerContext());
    appender.start();
    root.addAppender(appender);
    if (console != null) {
      root.detachAppender(console);
    }
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
    root.detachAppender(appender);
    appender.stop();
    if (console != null) {
      root.addAppender(console);
    }
  }
}
