package io.iisbot.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the bot reads from a Bot Framework activity Teams posts, as Microsoft's samples show it: who
 * ({@code from.aadObjectId}, {@code from.id}, {@code from.name}), where ({@code conversation.id},
 * {@code channelData.team.id}, {@code channelData.channel.id}), and for a message its text without
 * the bot's own mention, found through {@code entities} rather than by guessing at the text.
 * Stateless.
 */
final class Activity {

  static final String PLATFORM = "teams";
  static final String MESSAGE = "message";
  static final String INVOKE = "invoke";
  static final String CARD_ACTION = "adaptiveCard/action";

  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern THREAD =
      Pattern.compile("19:[A-Za-z0-9._-]{1,100}@thread\\.[a-z0-9]{1,20}");
  private static final Pattern AT = Pattern.compile("<at[^>]*>(.*?)</at>", Pattern.DOTALL);
  private static final Pattern SPACES = Pattern.compile("[\\s\\u00a0]+");

  private Activity() {}

  static String type(JsonNode a) {
    return a.path("type").asText("");
  }

  static String conversation(JsonNode a) {
    return a.path("conversation").path("id").asText("");
  }

  /** The person's Entra object id, or empty (a guest or an anonymous user without one). */
  static String aadObjectId(JsonNode a) {
    String id = a.path("from").path("aadObjectId").asText("");
    return GUID.matcher(id).matches() ? id.toLowerCase(Locale.ROOT) : "";
  }

  /**
   * {@code teams:<aadObjectId>}, with {@code teams-team:<id>} and {@code teams-channel:<id>} from
   * the activity's {@code channelData} when it comes from a team's channel.
   */
  static Caller caller(JsonNode a) {
    List<Identity> groups = new ArrayList<>();
    JsonNode data = a.path("channelData");
    String team = data.path("team").path("id").asText("");
    String channel = data.path("channel").path("id").asText("");
    if (THREAD.matcher(team).matches()) {
      groups.add(new Identity("teams-team", team));
    }
    if (THREAD.matcher(channel).matches()) {
      groups.add(new Identity("teams-channel", channel));
    }
    String name = a.path("from").path("name").asText("");
    return new Caller(new Identity(PLATFORM, aadObjectId(a)), groups, name);
  }

  /** A personal chat with the bot, where every message is for it. */
  static boolean personal(JsonNode a) {
    String type = a.path("conversation").path("conversationType").asText("");
    return type.isEmpty() ? conversation(a).startsWith("a:") : "personal".equals(type);
  }

  /** Whether one of the message's {@code mention} entities names the bot (its recipient). */
  static boolean mentionsBot(JsonNode a) {
    String bot = a.path("recipient").path("id").asText("");
    for (JsonNode e : a.path("entities")) {
      if ("mention".equals(e.path("type").asText())
          && !bot.isEmpty()
          && bot.equals(e.path("mentioned").path("id").asText())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The message's text as a command: the bot's mention (an entity of type {@code mention} naming
   * the activity's recipient) taken out, other mentions as the names they show, spaces collapsed,
   * and a leading {@code /iis} or {@code iis} accepted as well as none.
   *
   * @param command the command's name, {@code iis}
   */
  static String commandText(JsonNode a, String command) {
    String text = a.path("text").asText("");
    String bot = a.path("recipient").path("id").asText("");
    for (JsonNode e : a.path("entities")) {
      if ("mention".equals(e.path("type").asText())
          && !bot.isEmpty()
          && bot.equals(e.path("mentioned").path("id").asText())) {
        String said = e.path("text").asText("");
        if (!said.isEmpty()) {
          text = text.replace(said, " ");
        }
      }
    }
    text = AT.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1)));
    text =
        text.replace("&nbsp;", " ")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
    text = SPACES.matcher(text).replaceAll(" ").strip();
    String slash = "/" + command;
    for (String prefix : List.of(slash, command)) {
      if (text.equalsIgnoreCase(prefix)) {
        return slash;
      }
      if (text.regionMatches(true, 0, prefix + " ", 0, prefix.length() + 1)) {
        return slash + text.substring(prefix.length());
      }
    }
    return text.isEmpty() ? slash : slash + " " + text;
  }
}
