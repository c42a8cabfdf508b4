package io.iisbot.adapters.discord;

import static io.iisbot.adapters.discord.DiscordMarkdown.escape;
import static io.iisbot.adapters.discord.DiscordText.cut;
import static io.iisbot.adapters.discord.DiscordText.oneLine;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ChatMessage} as one Discord embed and its buttons, every text already within Discord's
 * limits: what {@link DiscordMessages} writes as JSON and as JDA objects alike, so the limits are
 * kept in one place. The message's texts (title, lines, field names and values) are plain text,
 * whoever wrote them, so they are escaped here ({@link DiscordMarkdown}) before they are measured
 * and cut; the footer is the bot's own and Discord shows footers without markdown; button labels
 * are never markdown. Immutable.
 *
 * @param title null when there is none
 * @param description null when there is none
 */
record MessageView(
    String title,
    String description,
    int color,
    List<Field> fields,
    String footer,
    List<List<Button>> rows,
    boolean ephemeral) {

  static final int TITLE_MAX = 256;
  static final int DESCRIPTION_MAX = 4096;
  static final int FIELDS_MAX = 25;
  static final int FIELD_NAME_MAX = 256;
  static final int FIELD_VALUE_MAX = 1024;
  static final int EMBED_MAX = 6000;
  static final int LABEL_MAX = 80;
  static final int BUTTONS_PER_ROW = 5;
  static final int ROWS_MAX = 5;

  /** What the description keeps before fields are cut: the lines say what happens. */
  static final int DESCRIPTION_FLOOR = 1000;

  /** Fields this short sit side by side (Discord puts up to three in a row). */
  static final int INLINE_NAME_MAX = 32;

  static final int INLINE_VALUE_MAX = 40;

  /**
   * What Discord shows for an empty field name or value, which it refuses: the character JDA's
   * {@code EmbedBuilder.ZERO_WIDTH_SPACE} uses too, so both renderings agree.
   */
  static final String BLANK = "\u200E";

  private static final String MORE_FIELDS_NAME = DiscordText.TRUNCATED;
  // Room for the marker field: its name and "NN more fields".
  private static final int MORE_FIELDS_RESERVE = MORE_FIELDS_NAME.length() + 16;
  private static final int FIELD_VALUE_FLOOR = 40;

  /** One embed field. */
  record Field(String name, String value, boolean inline) {
    int length() {
      return name.length() + value.length();
    }
  }

  /**
   * One button.
   *
   * @param style Discord's button style: 1 primary, 2 secondary, 4 danger
   */
  record Button(int style, String label, String customId) {}

  MessageView {
    fields = List.copyOf(fields);
    rows = rows.stream().map(List::copyOf).toList();
    Objects.requireNonNull(footer, "footer");
  }

  /**
   * The view of a message; the buttons get ids from {@code ids}, which remembers their values.
   *
   * @throws IllegalArgumentException for more than 25 buttons or a button action {@link ButtonIds}
   *     refuses
   */
  static MessageView of(ChatMessage m, ButtonIds ids) {
    Objects.requireNonNull(m, "m");
    Objects.requireNonNull(ids, "ids");
    String title = escape(oneLine(m.title()));
    title = title.isEmpty() ? null : cut(title, TITLE_MAX);
    String footer = Badge.of(m.status()).text() + (m.ephemeral() ? " · only you" : "");
    int room = EMBED_MAX - footer.length() - (title == null ? 0 : title.length());

    List<Field> fields = new ArrayList<>();
    m.fields().forEach(f -> fields.add(field(f.name(), f.value())));
    List<String> lines = m.lines().stream().map(DiscordMarkdown::escape).toList();
    String description = DiscordText.lines(lines, DESCRIPTION_MAX);
    int fieldsLength = fields.stream().mapToInt(Field::length).sum();
    if (description.length() + fieldsLength > room) {
      int keep = Math.max(room - fieldsLength, Math.min(description.length(), DESCRIPTION_FLOOR));
      description = DiscordText.lines(lines, keep);
    }
    List<Field> shown = fit(fields, room - description.length());
    MessageView view =
        new MessageView(
            title,
            description.isBlank() ? null : description,
            Badge.of(m.status()).color,
            shown,
            footer,
            rows(m.buttons(), ids),
            m.ephemeral());
    if (view.embedLength() > EMBED_MAX) {
      // A bug here, not bad input: better said at once than as Discord's 400 later.
      throw new IllegalStateException(
          "the embed has " + view.embedLength() + " characters after cutting, over " + EMBED_MAX);
    }
    return view;
  }

  /** The characters Discord counts against its 6,000 for the embed. */
  int embedLength() {
    return (title == null ? 0 : title.length())
        + (description == null ? 0 : description.length())
        + fields.stream().mapToInt(Field::length).sum()
        + footer.length();
  }

  private static Field field(String rawName, String rawValue) {
    String name = cut(escape(oneLine(rawName)), FIELD_NAME_MAX);
    String value = cut(escape(rawValue.strip()), FIELD_VALUE_MAX);
    boolean inline =
        name.length() <= INLINE_NAME_MAX
            && value.length() <= INLINE_VALUE_MAX
            && value.indexOf('\n') < 0;
    return new Field(name.isEmpty() ? BLANK : name, value.isEmpty() ? BLANK : value, inline);
  }

  /**
   * The fields in order while they fit in {@code room} and in 25; the first that does not fit is
   * cut if a useful part of it fits; a last field says how many were left out.
   */
  private static List<Field> fit(List<Field> fields, int room) {
    if (fields.size() <= FIELDS_MAX && fields.stream().mapToInt(Field::length).sum() <= room) {
      return fields;
    }
    List<Field> out = new ArrayList<>();
    int used = 0;
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      boolean last = i == fields.size() - 1;
      int reserve = last ? 0 : MORE_FIELDS_RESERVE;
      boolean slot = out.size() < FIELDS_MAX - (last ? 0 : 1);
      if (slot && used + f.length() + reserve <= room) {
        out.add(f);
        used += f.length();
        continue;
      }
      int valueRoom = room - used - reserve - f.name().length();
      if (slot && valueRoom >= FIELD_VALUE_FLOOR && f.value().length() > FIELD_VALUE_FLOOR) {
        out.add(new Field(f.name(), cut(f.value(), valueRoom), f.inline()));
        i++;
      }
      if (i < fields.size()) {
        out.add(new Field(MORE_FIELDS_NAME, DiscordText.more(fields.size() - i, "field"), false));
      }
      break;
    }
    return out;
  }

  private static List<List<Button>> rows(List<ChatMessage.Button> buttons, ButtonIds ids) {
    int max = BUTTONS_PER_ROW * ROWS_MAX;
    if (buttons.size() > max) {
      throw new IllegalArgumentException(
          "Discord shows at most "
              + max
              + " buttons in a message ("
              + ROWS_MAX
              + " rows of "
              + BUTTONS_PER_ROW
              + "), was "
              + buttons.size());
    }
    List<List<Button>> rows = new ArrayList<>();
    for (ChatMessage.Button b : buttons) {
      if (rows.isEmpty() || rows.get(rows.size() - 1).size() == BUTTONS_PER_ROW) {
        rows.add(new ArrayList<>());
      }
      String label = oneLine(b.label());
      rows.get(rows.size() - 1)
          .add(
              new Button(
                  style(b.style()),
                  cut(label.isEmpty() ? b.action() : label, LABEL_MAX),
                  ids.idFor(b.action(), b.value())));
    }
    return rows;
  }

  private static int style(ChatMessage.Button.Style style) {
    switch (style) {
      case DANGER:
        return 4;
      case PRIMARY:
        return 1;
      default:
        return 2;
    }
  }

  /** The status as colour, emoji and word: colour is not the only signal. */
  enum Badge {
    INFO(0x5865F2, "ℹ️", "Info"),
    PENDING(0x9AA0A6, "🕓", "Pending"),
    RUNNING(0x1D9BD1, "⏳", "Running"),
    SUCCESS(0x2EB67D, "✅", "Success"),
    WARNING(0xECB22E, "⚠️", "Warning"),
    FAILURE(0xE01E5A, "❌", "Failure"),
    DENIED(0x992D22, "🚫", "Denied");

    final int color;
    final String emoji;
    final String word;

    Badge(int color, String emoji, String word) {
      this.color = color;
      this.emoji = emoji;
      this.word = word;
    }

    static Badge of(Status status) {
      return valueOf(status.name());
    }

    String text() {
      return emoji + " " + word;
    }
  }
}
