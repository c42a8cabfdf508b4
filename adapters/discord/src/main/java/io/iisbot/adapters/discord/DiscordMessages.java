package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * Renders a neutral {@link ChatMessage} for Discord: one embed (the title, the lines as its
 * description, the fields, a footer with the status and "only you" when ephemeral, a colour per
 * status) and the buttons in action rows of five. As JSON for the HTTP interactions endpoint and
 * REST calls, or as JDA's message data for the gateway; both come from the same view, so they
 * agree.
 *
 * <p>Discord refuses a whole message over any of its limits, so every limit is kept here: a text
 * over its limit is cut and ends with {@code …(truncated)}; when the embed would pass 6,000
 * characters the description is cut first (down to 1,000), then the fields, and a last field says
 * how many fields were left out. Only more than 25 buttons are refused.
 *
 * <p>The message is plain text, whoever wrote it: markdown in it is escaped ({@link
 * DiscordMarkdown}), so a nick or a {@code --reason} such as {@code **[click](https://evil)**}
 * shows as written and makes no link, mention or formatting. Every message, on both paths, also
 * says that its text notifies no one ({@code allowed_mentions} parses nothing; JDA's default would
 * parse users, roles and {@code @everyone}).
 *
 * <p>Every call gives each button a new id from the {@link ButtonIds}, which remembers its value.
 * Stateless and thread-safe.
 */
public final class DiscordMessages {

  /** The message flag that shows a message only to the person who invoked the interaction. */
  static final int EPHEMERAL = 64;

  private DiscordMessages() {}

  /**
   * The message as Discord's REST API and interaction responses take it: {@code content}, one
   * embed, {@code components}, {@code flags} 64 when ephemeral, {@code allowed_mentions}. For an
   * interaction response wrap it as {@code {"type": 4, "data": ...}}.
   *
   * @throws IllegalArgumentException for more than 25 buttons or a button action {@link ButtonIds}
   *     refuses
   */
  public static ObjectNode toJson(ChatMessage m, ButtonIds ids, ObjectMapper json) {
    return json(MessageView.of(m, ids), json, true);
  }

  /**
   * The same without {@code flags}, for {@code PATCH .../messages/@original} and other edits:
   * whether a message is ephemeral is fixed when it is first sent.
   *
   * @throws IllegalArgumentException as {@link #toJson}
   */
  public static ObjectNode toJsonEdit(ChatMessage m, ButtonIds ids, ObjectMapper json) {
    return json(MessageView.of(m, ids), json, false);
  }

  /**
   * The message as JDA sends it. JDA sets ephemeral on the reply instead ({@code
   * event.reply(data).setEphemeral(m.ephemeral())}, {@code deferReply(m.ephemeral())}).
   *
   * @throws IllegalArgumentException as {@link #toJson}
   */
  public static MessageCreateData toJda(ChatMessage m, ButtonIds ids) {
    MessageView v = MessageView.of(m, ids);
    return new MessageCreateBuilder()
        .setContent("")
        .setEmbeds(embed(v))
        .setComponents(rows(v))
        .setAllowedMentions(List.of())
        .build();
  }

  /**
   * The message as a JDA edit that replaces content, embed and buttons ({@code
   * hook.editOriginal(data)}, {@code event.editMessage(data)}); a message without buttons removes
   * the old ones.
   *
   * @throws IllegalArgumentException as {@link #toJson}
   */
  public static MessageEditData toJdaEdit(ChatMessage m, ButtonIds ids) {
    MessageView v = MessageView.of(m, ids);
    return new MessageEditBuilder()
        .setContent("")
        .setEmbeds(embed(v))
        .setComponents(rows(v))
        .setAllowedMentions(List.of())
        .build();
  }

  private static ObjectNode json(MessageView v, ObjectMapper json, boolean create) {
    ObjectNode root = json.createObjectNode();
    root.put("content", "");
    ObjectNode embed = root.putArray("embeds").addObject();
    if (v.title() != null) {
      embed.put("title", v.title());
    }
    if (v.description() != null) {
      embed.put("description", v.description());
    }
    embed.put("color", v.color());
    if (!v.fields().isEmpty()) {
      ArrayNode fields = embed.putArray("fields");
      for (MessageView.Field f : v.fields()) {
        fields.addObject().put("name", f.name()).put("value", f.value()).put("inline", f.inline());
      }
    }
    embed.putObject("footer").put("text", v.footer());
    ArrayNode rows = root.putArray("components");
    for (List<MessageView.Button> row : v.rows()) {
      ObjectNode r = rows.addObject().put("type", 1);
      ArrayNode buttons = r.putArray("components");
      for (MessageView.Button b : row) {
        buttons
            .addObject()
            .put("type", 2)
            .put("style", b.style())
            .put("label", b.label())
            .put("custom_id", b.customId());
      }
    }
    if (create && v.ephemeral()) {
      root.put("flags", EPHEMERAL);
    }
    root.putObject("allowed_mentions").putArray("parse");
    return root;
  }

  private static MessageEmbed embed(MessageView v) {
    EmbedBuilder e = new EmbedBuilder().setColor(v.color()).setFooter(v.footer());
    if (v.title() != null) {
      e.setTitle(v.title());
    }
    if (v.description() != null) {
      e.setDescription(v.description());
    }
    v.fields().forEach(f -> e.addField(f.name(), f.value(), f.inline()));
    return e.build();
  }

  private static List<ActionRow> rows(MessageView v) {
    List<ActionRow> rows = new ArrayList<>();
    for (List<MessageView.Button> row : v.rows()) {
      List<Button> buttons = new ArrayList<>();
      row.forEach(
          b -> buttons.add(Button.of(ButtonStyle.fromKey(b.style()), b.customId(), b.label())));
      rows.add(ActionRow.of(buttons));
    }
    return rows;
  }
}
