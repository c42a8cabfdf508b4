package io.iisbot.adapters.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.Mention;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Renders a neutral {@link ChatMessage} as Slack Block Kit: a header with the title, a context line
 * with the status (and "only you" when ephemeral), the lines as sections, the fields as section
 * fields, the buttons in one actions block; plus the fallback Slack shows in notifications.
 *
 * <p>The message is plain text, whoever wrote it (a nick, a {@code --reason}), so every text of it
 * goes in a {@code plain_text} object, which Slack shows as written: mrkdwn has no escape for
 * {@code *}, {@code _}, {@code ~} or {@code `}, and by default also turns a plain {@code @channel}
 * or {@code #channel} into a link. Only the status badge, the bot's own words, is mrkdwn. The
 * fallback {@code text}, which Slack reads as mrkdwn, has {@code &}, {@code <} and {@code >}
 * escaped, so it makes no link or mention; notifications show it without formatting.
 *
 * <p>Slack refuses a whole message over any of its limits, so every limit is kept here: a text over
 * its limit is cut and ends with {@code …(truncated)}; when the lines do not fit in 50 blocks or in
 * the text Slack takes in one message, the last line section says how many lines were left out.
 * Only what cannot be cut is refused: a button value (a signed token), an action id, more than 25
 * buttons. Stateless and thread-safe.
 */
public final class SlackBlocks {

  /**
   * A message as Slack takes it, for {@code chat.postMessage}, {@code chat.update}, a slash command
   * or an action response.
   *
   * @param text the fallback for notifications and clients that show no blocks
   */
  public record Rendered(List<LayoutBlock> blocks, String text) {
    public Rendered {
      blocks = List.copyOf(blocks);
      Objects.requireNonNull(text, "text");
    }
  }

  static final int MAX_BLOCKS = 50;
  static final int HEADER_MAX = 150;
  static final int SECTION_MAX = 3000;
  static final int FIELD_MAX = 2000;
  static final int FIELDS_PER_SECTION = 10;
  static final int MAX_BUTTONS = 25;
  static final int BUTTON_TEXT_MAX = 75;
  static final int ACTION_ID_MAX = 255;
  static final int VALUE_MAX = 2000;
  static final int FALLBACK_MAX = 3000;
  static final int FALLBACK_LINES = 5;

  /**
   * All the text of one message's blocks. Slack documents no such limit, yet {@code
   * chat.postMessage} answers {@code msg_blocks_too_long} from about 12,000 characters of text in
   * all blocks together (bolt-js issues 2509 and 2867); this stays well below.
   */
  static final int MESSAGE_TEXT_BUDGET = 10_000;

  private static final Pattern COPY_SUFFIX = Pattern.compile("#[0-9]+$");

  private SlackBlocks() {}

  /**
   * Renders a message.
   *
   * @throws IllegalArgumentException for a button Slack cannot carry as it is: a value over 2,000
   *     characters, an empty action or one over 255 characters or ending in {@code #} and digits,
   *     or more than 25 buttons
   */
  public static Rendered render(ChatMessage message) {
    // People by name everywhere but in a field that is one Slack user (Requested by, Confirmed
    // by): that field is mrkdwn with Slack's own <@U…>, the rest stays plain text.
    ChatMessage m = message.mapText(Mention::names);
    int budget = MESSAGE_TEXT_BUDGET;
    List<LayoutBlock> top = new ArrayList<>();
    String title = SlackText.oneLine(m.title());
    if (!title.isEmpty()) {
      String h = SlackText.plain(title, HEADER_MAX);
      top.add(header(x -> x.text(plainText(h, true))));
      budget -= h.length();
    }
    String status = Badge.of(m.status()).mrkdwn() + (m.ephemeral() ? "  ·  only you" : "");
    top.add(context(List.of(markdownText(status))));
    budget -= status.length();

    List<BlockElement> buttons = buttons(m.buttons());
    budget -=
        m.buttons().stream().mapToInt(b -> Math.min(BUTTON_TEXT_MAX, b.label().length())).sum();
    int slots = MAX_BLOCKS - top.size() - (buttons.isEmpty() ? 0 : 1);

    // Fields are the message's summary (hosts, operation id): they go in before the lines, but
    // leave the lines at least one block and half of the text.
    int fieldSlots = slots - (m.lines().isEmpty() ? 0 : 1);
    int fieldBudget = m.lines().isEmpty() ? budget : budget / 2;
    List<TextObject> fields =
        fields(message.fields(), fieldSlots * FIELDS_PER_SECTION, fieldBudget);
    int fieldSections = (fields.size() + FIELDS_PER_SECTION - 1) / FIELDS_PER_SECTION;
    budget -= fields.stream().mapToInt(SlackBlocks::length).sum();

    List<LayoutBlock> blocks = new ArrayList<>(top);
    for (String text : LineSections.of(message.lines(), slots - fieldSections, budget)) {
      blocks.add(section(x -> x.text(lineText(text))));
    }
    for (int i = 0; i < fields.size(); i += FIELDS_PER_SECTION) {
      List<TextObject> row = new ArrayList<>();
      fields.subList(i, Math.min(fields.size(), i + FIELDS_PER_SECTION)).forEach(row::add);
      blocks.add(section(x -> x.fields(row)));
    }
    if (!buttons.isEmpty()) {
      blocks.add(actions(buttons));
    }
    return new Rendered(blocks, fallback(m));
  }

  /**
   * The neutral action of a clicked button: its {@code action_id} without the {@code #2}, {@code
   * #3} that {@link #render} appends when several buttons of one message share an action (Slack
   * wants every action id in a message to be different).
   */
  public static String actionOf(String actionId) {
    return COPY_SUFFIX.matcher(actionId).replaceFirst("");
  }

  /**
   * Lines as plain text with people by name; but lines that name a Slack user and hold nothing
   * mrkdwn could turn into formatting ({@code * _ ~ `}) are mrkdwn, verbatim, with {@code &},
   * {@code <} and {@code >} escaped and the user as Slack's own {@code <@U…>}.
   */
  private static TextObject lineText(String text) {
    boolean[] slackUser = {false};
    Mention.render(
        text,
        x -> {
          slackUser[0] |= x.who().kind().equals("slack");
          return "";
        },
        t -> t);
    String named = Mention.names(text);
    if (!slackUser[0] || named.chars().anyMatch(c -> "*_~`".indexOf(c) >= 0)) {
      return literal(named);
    }
    String mrkdwn =
        Mention.render(
            text,
            x ->
                x.who().kind().equals("slack")
                    ? "<@" + x.who().id() + ">"
                    : SlackText.escape(x.name()),
            SlackText::escape);
    if (mrkdwn.length() > SECTION_MAX) {
      // Escapes made it longer than a section takes; the plain text was cut to fit.
      return literal(named);
    }
    return MarkdownTextObject.builder().text(mrkdwn).verbatim(true).build();
  }

  /** Text shown as written: no mrkdwn, and {@code :smile:} is no emoji either. */
  private static TextObject literal(String text) {
    return plainText(text, false);
  }

  private static int length(TextObject t) {
    return t instanceof MarkdownTextObject md
        ? md.getText().length()
        : ((PlainTextObject) t).getText().length();
  }

  /**
   * A field that is one Slack user, as mrkdwn: the name escaped and the user as Slack's {@code
   * <@U…>}, which Slack shows as the person's current name. Verbatim, so nothing else links.
   */
  private static java.util.Optional<TextObject> slackUser(Field f) {
    return Mention.only(f.value())
        .filter(x -> x.who().kind().equals("slack"))
        .map(
            x ->
                MarkdownTextObject.builder()
                    .text(
                        SlackText.mrkdwn(SlackText.oneLine(Mention.names(f.name())), 100)
                            + "\n<@"
                            + x.who().id()
                            + ">")
                    .verbatim(true)
                    .build());
  }

  /** The name, a line break and the value, each field within its limit and the budget. */
  private static List<TextObject> fields(List<Field> raw, int maxCount, int budget) {
    List<Field> fields =
        raw.stream()
            .map(f -> new Field(Mention.names(f.name()), Mention.names(f.value())))
            .toList();
    List<TextObject> out = new ArrayList<>();
    int used = 0;
    for (int i = 0; i < fields.size(); i++) {
      int rest = fields.size() - i;
      String more = "…(truncated: " + SlackText.more(rest, "field") + ")";
      int room = Math.min(FIELD_MAX, budget - used - more.length());
      boolean lastSlot = out.size() == maxCount - 1 && rest > 1;
      if (lastSlot || room < 60) {
        out.add(literal(more));
        break;
      }
      Field plain = fields.get(i);
      TextObject text = slackUser(raw.get(i)).orElseGet(() -> literal(fieldText(plain, room)));
      out.add(text);
      used += length(text);
    }
    return out;
  }

  private static String fieldText(Field f, int room) {
    String name = SlackText.oneLine(f.name());
    String head = name.isEmpty() ? "" : SlackText.plain(name, room / 4);
    if (f.value().isEmpty()) {
      // Slack refuses an empty text.
      return head.isEmpty() ? "–" : head;
    }
    String sep = head.isEmpty() ? "" : "\n";
    return head + sep + SlackText.plain(f.value(), room - head.length() - sep.length());
  }

  private static List<BlockElement> buttons(List<Button> buttons) {
    if (buttons.size() > MAX_BUTTONS) {
      throw new IllegalArgumentException(
          "Slack shows at most " + MAX_BUTTONS + " buttons in a message, was " + buttons.size());
    }
    Map<String, Integer> seen = new HashMap<>();
    List<BlockElement> out = new ArrayList<>();
    for (Button b : buttons) {
      String action = b.action();
      if (action.isEmpty() || COPY_SUFFIX.matcher(action).find()) {
        throw new IllegalArgumentException(
            "button \"" + b.label() + "\": an action cannot be empty or end in # and digits");
      }
      int copy = seen.merge(action, 1, Integer::sum);
      String actionId = copy == 1 ? action : action + "#" + copy;
      if (actionId.length() > ACTION_ID_MAX) {
        throw new IllegalArgumentException(
            "button \""
                + b.label()
                + "\": Slack takes an action id of at most "
                + ACTION_ID_MAX
                + " characters, was "
                + actionId.length());
      }
      if (b.value().length() > VALUE_MAX) {
        throw new IllegalArgumentException(
            "button \""
                + b.label()
                + "\": Slack takes a value of at most "
                + VALUE_MAX
                + " characters, was "
                + b.value().length()
                + " (a value cannot be cut)");
      }
      String label = SlackText.oneLine(b.label());
      String text = SlackText.plain(label.isEmpty() ? action : label, BUTTON_TEXT_MAX);
      out.add(
          button(
              x ->
                  x.text(plainText(text, true))
                      .actionId(actionId)
                      // Slack wants a value of at least one character, or none.
                      .value(b.value().isEmpty() ? null : b.value())
                      .style(style(b.style()))));
    }
    return out;
  }

  private static String style(Button.Style style) {
    switch (style) {
      case DANGER:
        return "danger";
      case PRIMARY:
        return "primary";
      default:
        return null;
    }
  }

  /** {@code Done: /iis stop web01 — success}, then the first lines, for a push notification. */
  static String fallback(ChatMessage m) {
    String title = SlackText.oneLine(m.title());
    String word = Badge.of(m.status()).word.toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(title.isEmpty() ? word : title + " — " + word);
    List<String> lines = m.lines();
    lines.stream().limit(FALLBACK_LINES).forEach(l -> b.append('\n').append(l));
    if (lines.size() > FALLBACK_LINES) {
      b.append("\n…(").append(SlackText.more(lines.size() - FALLBACK_LINES, "line"));
      b.append(')');
    }
    return SlackText.mrkdwn(b.toString(), FALLBACK_MAX);
  }

  /** The status as an emoji and a word: colour is not the only signal, and phones show both. */
  enum Badge {
    INFO("ℹ️", "Info"),
    PENDING("🕓", "Pending"),
    RUNNING("⏳", "Running"),
    SUCCESS("✅", "Success"),
    WARNING("⚠️", "Warning"),
    FAILURE("❌", "Failure"),
    DENIED("🚫", "Denied");

    final String emoji;
    final String word;

    Badge(String emoji, String word) {
      this.emoji = emoji;
      this.word = word;
    }

    static Badge of(ChatMessage.Status status) {
      return valueOf(status.name());
    }

    String mrkdwn() {
      return emoji + " *" + word + "*";
    }
  }
}
