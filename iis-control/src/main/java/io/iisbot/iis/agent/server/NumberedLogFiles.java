package io.iisbot.iis.agent.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.RollingPolicy;
import ch.qos.logback.core.rolling.RolloverFailure;
import ch.qos.logback.core.rolling.TriggeringPolicy;
import ch.qos.logback.core.rolling.helper.CompressionMode;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The agent's rolling files {@code iisbot-agent.0.log} (written to, the newest) to {@code
 * iisbot-agent.N.log}: when the first reaches its limit, the oldest goes and each moves up one.
 * Names are plain paths, not Logback patterns, so a directory may contain any character ({@code %}
 * included). Used by one {@link ch.qos.logback.core.rolling.RollingFileAppender}, which calls it
 * under its own lock.
 */
final class NumberedLogFiles extends ContextAwareBase
    implements RollingPolicy, TriggeringPolicy<ILoggingEvent> {

  private final Path dir;
  private final long limitBytes;
  private final int count;
  private volatile boolean started;

  NumberedLogFiles(Path dir, long limitBytes, int count) {
    if (limitBytes < 1 || count < 1) {
      throw new IllegalArgumentException(
          "log files need a limit and a count of at least 1, were " + limitBytes + ", " + count);
    }
    this.dir = dir;
    this.limitBytes = limitBytes;
    this.count = count;
  }

  /** The file of index {@code i}; 0 is the one written to. */
  Path file(int i) {
    return dir.resolve("iisbot-agent." + i + ".log");
  }

  @Override
  public String getActiveFileName() {
    return file(0).toString();
  }

  @Override
  public boolean isTriggeringEvent(File activeFile, ILoggingEvent event) {
    return activeFile.length() >= limitBytes;
  }

  /** Called with the active file closed (renaming an open file fails on Windows). */
  @Override
  public void rollover() throws RolloverFailure {
    try {
      Files.deleteIfExists(file(count - 1));
      for (int i = count - 2; i >= 0; i--) {
        if (Files.exists(file(i))) {
          Files.move(file(i), file(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new RolloverFailure("cannot roll the log files in " + dir + ": " + e);
    }
  }

  @Override
  public CompressionMode getCompressionMode() {
    return CompressionMode.NONE;
  }

  @Override
  public void setParent(FileAppender<?> appender) {
    // The file names are fixed here; nothing is read from the appender.
  }

  @Override
  public void start() {
    started = true;
  }

  @Override
  public void stop() {
    started = false;
  }

  @Override
  public boolean isStarted() {
    return started;
  }
}
