package io.iisbot.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.iis.sim.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ThrottledEditsTest {

  private final VirtualClock clock = VirtualClock.standard();
  private final List<String> edits = new ArrayList<>();
  private final List<Runnable> scheduled = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();
  private final ChatSink sink =
      new ChatSink() {
        @Override
        public String post(String channel, Caller onlyFor, ChatMessage message) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void update(String channel, String messageId, ChatMessage message) {
          edits.add(clock.instant().getEpochSecond() % 100 + ":" + message.title());
        }
      };
  private final ThrottledEdits throttled =
      new ThrottledEdits(
          sink,
          "C1",
          "M1",
          Duration.ofSeconds(1),
          clock,
          (t, d) -> {
            scheduled.add(t);
            delays.add(d);
          });

  private static ChatMessage m(String title) {
    return new ChatMessage(
        title, ChatMessage.Status.RUNNING, List.of(), List.of(), List.of(), false, false);
  }

  private void runScheduled() {
    List<Runnable> due = new ArrayList<>(scheduled);
    scheduled.clear();
    due.forEach(Runnable::run);
  }

  @Test
  void burst_becomesOneEditNowAndTheLatestAfterTheGap() {
    throttled.submit(m("a"));
    throttled.submit(m("b"));
    throttled.submit(m("c"));
    clock.advance(Duration.ofMillis(1000));
    runScheduled();

    assertThat(edits).containsExactly("0:a", "1:c");
    assertThat(delays).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void finish_isAlwaysShown_andNothingAfterIt() {
    throttled.submit(m("a"));
    throttled.finish(m("done"));
    throttled.submit(m("late"));
    clock.advance(Duration.ofSeconds(1));
    runScheduled();

    assertThat(edits).containsExactly("0:a", "1:done");
  }

  @Test
  void spacedSubmits_areSentAtOnce() {
    throttled.submit(m("a"));
    clock.advance(Duration.ofSeconds(2));
    throttled.submit(m("b"));

    assertThat(edits).containsExactly("0:a", "2:b");
    assertThat(scheduled).isEmpty();
  }
}
