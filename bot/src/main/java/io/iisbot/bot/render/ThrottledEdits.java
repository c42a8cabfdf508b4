package io.iisbot.bot.render;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Edits one posted message at most once per {@code minGap}, always ending with the latest content:
 * a burst of progress becomes one edit now and one edit with the newest state a gap later.
 * Platforms rate-limit edits (Slack: about one a second per message). Thread-safe.
 */
public final class ThrottledEdits {

  private static final Logger LOG = LoggerFactory.getLogger(ThrottledEdits.class);

  /** Runs a task after a delay (a ScheduledExecutorService in production). */
  @FunctionalInterface
  public interface Scheduler {
    void schedule(Runnable task, Duration delay);
  }

  private final ChatSink sink;
  private final String channel;
  private final String messageId;
  private final Duration minGap;
  private final Clock clock;
  private final Scheduler scheduler;
  private ChatMessage pending;
  private boolean flushScheduled;
  private Instant lastSent = Instant.MIN;
  private boolean finished;

  public ThrottledEdits(
      ChatSink sink,
      String channel,
      String messageId,
      Duration minGap,
      Clock clock,
      Scheduler scheduler) {
    this.sink = sink;
    this.channel = channel;
    this.messageId = messageId;
    this.minGap = minGap;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  /** Shows this content soon; a newer submit before then replaces it. */
  public void submit(ChatMessage message) {
    offer(message, false);
  }

  /** Shows this last content (after the gap if needed); later submits are ignored. */
  public void finish(ChatMessage message) {
    offer(message, true);
  }

  private void offer(ChatMessage message, boolean last) {
    boolean sendNow;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = last;
      pending = message;
      if (flushScheduled) {
        return;
      }
      Instant now = clock.instant();
      Instant due = lastSent.equals(Instant.MIN) ? now : lastSent.plus(minGap);
      sendNow = !due.isAfter(now);
      if (!sendNow) {
        flushScheduled = true;
        scheduler.schedule(this::flush, Duration.between(now, due));
      }
    }
    if (sendNow) {
      flush();
    }
  }

  private void flush() {
    ChatMessage m;
    synchronized (this) {
      m = pending;
      pending = null;
      flushScheduled = false;
      if (m == null) {
        return;
      }
      lastSent = clock.instant();
    }
    try {
      sink.update(channel, messageId, m);
    } catch (RuntimeException e) {
      // A failed edit must not stop the operation; the next edit or the result tries again.
      LOG.warn("could not edit message {} in {}", messageId, channel, e);
    }
  }
}
