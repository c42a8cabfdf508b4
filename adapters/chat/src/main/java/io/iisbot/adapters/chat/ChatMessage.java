package io.iisbot.adapters.chat;

import java.util.List;
import java.util.Objects;

/**
 * A message as the bot means it, before any platform's rendering: title, status, lines, fields and
 * buttons. Adapters turn it into Block Kit, Discord embeds or the console's JSON.
 *
 * @param ephemeral shown only to the person who asked (denials, help, usage errors)
 * @param last no further edits will follow
 */
public record ChatMessage(
    String title,
    Status status,
    List<String> lines,
    List<Field> fields,
    List<Button> buttons,
    boolean ephemeral,
    boolean last) {

  /** What the message is about, for colour and icons. */
  public enum Status {
    INFO,
    PENDING,
    RUNNING,
    SUCCESS,
    WARNING,
    FAILURE,
    DENIED
  }

  /** A name/value pair shown side by side where the platform can. */
  public record Field(String name, String value) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  /** A button: what it says, the action id and value it sends back, and its style. */
  public record Button(String label, String action, String value, Style style) {
    public enum Style {
      PRIMARY,
      DANGER,
      DEFAULT
    }

    public Button {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(action, "action");
      value = value == null ? "" : value;
      style = style == null ? Style.DEFAULT : style;
    }
  }

  public ChatMessage {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(status, "status");
    lines = List.copyOf(lines);
    fields = List.copyOf(fields);
    buttons = List.copyOf(buttons);
  }

  /** A one-off reply only the caller sees. */
  public static ChatMessage privateReply(String title, Status status, List<String> lines) {
    return new ChatMessage(title, status, lines, List.of(), List.of(), true, true);
  }

  /**
   * All the text, for plain-text fallbacks, notifications and tests; people ({@link Mention}) by
   * name.
   */
  public String plainText() {
    StringBuilder b = new StringBuilder(title);
    lines.forEach(l -> b.append('\n').append(l));
    fields.forEach(f -> b.append('\n').append(f.name()).append(": ").append(f.value()));
    buttons.forEach(x -> b.append("\n[").append(x.label()).append(']'));
    return Mention.names(b.toString());
  }

  /** The same message with {@code how} applied to its title, lines and fields (not buttons). */
  public ChatMessage mapText(java.util.function.UnaryOperator<String> how) {
    return new ChatMessage(
        how.apply(title),
        status,
        lines.stream().map(how).toList(),
        fields.stream().map(f -> new Field(how.apply(f.name()), how.apply(f.value()))).toList(),
        buttons,
        ephemeral,
        last);
  }
}
