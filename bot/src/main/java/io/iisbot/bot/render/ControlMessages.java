package io.iisbot.bot.render;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.bot.fleet.RolloutControl;
import io.iisbot.bot.fleet.RolloutControl.Phase;
import io.iisbot.bot.fleet.RolloutControl.Row;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's controls on an operation's messages: one row per host and Abort, Pause, Continue
 * (or Continue anyway after a failed host) while it runs; Undo on the final message. Stateless and
 * thread-safe.
 */
public final class ControlMessages {

  public static final String ABORT = "abort";
  public static final String PAUSE = "pause";
  public static final String CONTINUE = "continue";
  public static final String UNDO = "undo";

  private static final DateTimeFormatter HHMMSS =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

  private ControlMessages() {}

  /**
   * A live progress message with its controls.
   *
   * @param detail the latest progress line of each host
   * @param token the signed value the control buttons carry
   * @param rolling whether the run has more than one batch (Pause and Continue make sense)
   */
  public static ChatMessage progress(
      String command,
      Map<String, String> detail,
      RolloutControl control,
      String operation,
      String token,
      boolean rolling) {
    List<String> lines = new ArrayList<>();
    Map<String, Row> rows = control.rows();
    detail.forEach(
        (h, d) -> {
          Row row = rows.getOrDefault(h, Row.WAITING);
          String word = row.name().toLowerCase(Locale.ROOT);
          lines.add(
              h
                  + ": "
                  + word
                  + (row == Row.WAITING || row == Row.SKIPPED || d.isEmpty() ? "" : " · " + d));
        });
    Phase phase = control.phase();
    List<Button> buttons = new ArrayList<>();
    switch (phase) {
      case ABORTING ->
          lines.add("Aborting (asked by " + control.abortedBy() + "): no new batch starts");
      case PAUSED -> {
        lines.add(
            "Paused by "
                + control.pausedBy()
                + ": no new batch starts until someone presses Continue");
        buttons.add(new Button("Continue", CONTINUE, token, Button.Style.PRIMARY));
      }
      case WAITING_BETWEEN_BATCHES -> {
        if (control.nextBatchAt() != null) {
          lines.add("Next batch at " + HHMMSS.format(control.nextBatchAt()) + " (--pause-between)");
        }
        if (rolling) {
          buttons.add(new Button("Pause", PAUSE, token, Button.Style.DEFAULT));
        }
      }
      case HELD_AFTER_FAILURE -> {
        lines.add(
            "A host failed, so the rollout stopped: Continue anyway runs the next batch, Abort"
                + " ends it here");
        buttons.add(new Button("Continue anyway", CONTINUE, token, Button.Style.PRIMARY));
      }
      case RUNNING -> {
        if (rolling) {
          buttons.add(new Button("Pause", PAUSE, token, Button.Style.DEFAULT));
        }
      }
      case ENDED -> {}
    }
    if (phase != Phase.ABORTING && phase != Phase.ENDED) {
      buttons.add(new Button("Abort", ABORT, token, Button.Style.DANGER));
    }
    return new ChatMessage(
        "Running: " + command,
        phase == Phase.HELD_AFTER_FAILURE || phase == Phase.ABORTING
            ? Status.WARNING
            : Status.RUNNING,
        lines,
        List.of(new Field(Messages.OPERATION_FIELD, operation)),
        buttons,
        false,
        false);
  }

  /**
   * The final message with what the controls did: who aborted it and which hosts it left alone, and
   * the inverse of a successful change.
   *
   * @param abortedBy who aborted it, or null
   * @param undo the Undo button, or null when there is none
   */
  public static ChatMessage result(ChatMessage result, String abortedBy, Button undo) {
    String title = result.title();
    Status status = result.status();
    List<String> lines = new ArrayList<>();
    if (abortedBy != null) {
      title = "Aborted: " + title.substring(title.indexOf(':') + 2);
      status = Status.WARNING;
      lines.add(
          "Aborted by "
              + abortedBy
              + "; each host below says what was undone and what could not be");
      for (String l : result.lines()) {
        lines.add(
            l.startsWith(Messages.NOT_RUN_AFTER_FAILURE)
                ? "Not run, because the operation was aborted: "
                    + l.substring(Messages.NOT_RUN_AFTER_FAILURE.length())
                : l);
      }
    } else {
      lines.addAll(result.lines());
    }
    List<Button> buttons = new ArrayList<>(result.buttons());
    if (undo != null) {
      buttons.add(undo);
    }
    return new ChatMessage(
        title, status, lines, result.fields(), buttons, result.ephemeral(), result.last());
  }

  /** The Undo button: the inverse command's verb as its label. */
  public static Button undo(String inverseVerb, String token) {
    return new Button(
        inverseVerb.substring(0, 1).toUpperCase(Locale.ROOT) + inverseVerb.substring(1),
        UNDO,
        token,
        Button.Style.DEFAULT);
  }
}
