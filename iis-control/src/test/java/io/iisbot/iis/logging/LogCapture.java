package io.iisbot.iis.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every record that reaches a logger (its children's included) at the levels in force, while open.
 * Thread-safe: servers log from their own threads.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> list = new ListAppender<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
    list.setContext(logger.getLoggerContext());
    list.start();
    logger.addAppender(list);
  }

  /** What every logger logs. */
  public static LogCapture root() {
    return of(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** What {@code type}'s logger logs. */
  public static LogCapture of(Class<?> type) {
    return of(type.getName());
  }

  public static LogCapture of(String name) {
    return new LogCapture((Logger) LoggerFactory.getLogger(name));
  }

  /** Keeps the records from the loggers above (the console) until closed. */
  public LogCapture quiet() {
    logger.setAdditive(false);
    return this;
  }

  /** The records so far, in order. */
  public List<ILoggingEvent> events() {
    // ListAppender appends under its own lock (AppenderBase.doAppend is synchronized).
    synchronized (list) {
      return List.copyOf(list.list);
    }
  }

  /** The formatted messages so far. */
  public List<String> messages() {
    return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(list);
    logger.setAdditive(true);
    list.stop();
  }

  /** Puts back the tests' configuration (logback-test.xml) after a test that set up its own. */
  public static void restoreTestConfiguration() {
    LoggerContext ctx = LogSetup.context();
    ctx.reset();
    try {
      new ContextInitializer(ctx).autoConfig();
    } catch (JoranException e) {
      throw new IllegalStateException("logback-test.xml did not load", e);
    }
  }
}
