package io.iisbot.bot.core;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.iis.Durations;
import java.time.Duration;
import java.util.List;

/** The messages a maintenance window posts, from its opening to its end. Stateless. */
final class WindowMessages {

  private WindowMessages() {}

  static ChatMessage opened(Windows.Window w, String until, Duration length, List<Button> buttons) {
    return new ChatMessage(
        "Maintenance window open: " + w.verb() + " " + hosts(w),
        Status.INFO,
        List.of(
            "Until "
                + until
                + " ("
                + Durations.format(length)
                + "); then iisbot "
                + Windows.inverse(w.verb())
                + "s "
                + hosts(w)
                + " by itself.",
            requested(w)),
        List.of(),
        buttons,
        false,
        true);
  }

  static ChatMessage reminder(
      Windows.Window w, String title, String endsAt, Duration left, List<Button> buttons) {
    return new ChatMessage(
        title + w.verb() + " " + hosts(w),
        Status.WARNING,
        List.of(
            "Ends at "
                + endsAt
                + " (in "
                + Durations.format(left)
                + "); then iisbot "
                + Windows.inverse(w.verb())
                + "s "
                + hosts(w)
                + ".",
            requested(w)),
        List.of(),
        buttons,
        false,
        false);
  }

  /** What stands in the channel until the ending operation's first progress edit. */
  static ChatMessage ending(Windows.Window w, String command, String why) {
    return new ChatMessage(
        "Running: " + command,
        Status.RUNNING,
        List.of("The maintenance window on " + hosts(w) + " ended: " + why + "."),
        List.of(),
        List.of(),
        false,
        false);
  }

  static ChatMessage endedEarly(Windows.Window w, String by) {
    return new ChatMessage(
        "Maintenance window ended: " + w.verb() + " " + hosts(w),
        Status.INFO,
        List.of(
            "Ended early by "
                + by
                + "; iisbot "
                + Windows.inverse(w.verb())
                + "s "
                + hosts(w)
                + " now."),
        List.of(),
        List.of(),
        false,
        true);
  }

  /** The automatic end failed: the requester is mentioned, so they are notified. */
  static ChatMessage failed(Windows.Window w, String why, String commandName) {
    return new ChatMessage(
        "Maintenance window did not end cleanly: " + hosts(w),
        Status.FAILURE,
        List.of(
            Later.mention(w.requester(), w.requesterName())
                + " iisbot could not "
                + Windows.inverse(w.verb())
                + " "
                + hosts(w)
                + " at the end of your maintenance window: "
                + why,
            "They may still be "
                + (w.verb().equals("suspend") ? "suspended" : "stopped")
                + "; check with "
                + commandName
                + " status "
                + String.join(",", w.hosts())
                + "."),
        List.of(),
        List.of(),
        false,
        true);
  }

  private static String hosts(Windows.Window w) {
    return String.join(", ", w.hosts());
  }

  private static String requested(Windows.Window w) {
    return "Requested by "
        + w.requesterName()
        + (w.reason() == null ? "" : ", reason: " + w.reason());
  }
}
