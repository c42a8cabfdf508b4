package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.discord.SlashSchema.OptionSchema;
import io.iisbot.adapters.discord.SlashSchema.SubSchema;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

/**
 * Registers the {@code /iis} command with Discord: one command whose subcommands are the bot's
 * commands. As the JSON body of {@code PUT /applications/{app}/commands} (or {@code
 * .../guilds/{guild}/commands}) for HTTP mode, or as JDA's {@link SlashCommandData} for {@code
 * jda.updateCommands().addCommands(...)} in gateway mode; both from one checked description, so
 * they agree.
 *
 * <p>Discord's rules are kept: names of 1 to 32 lower-case letters, digits, {@code -} and {@code
 * _}; descriptions of 1 to 100 characters (longer ones are cut and end with {@code …}); required
 * options before optional ones (reordered); at most 25 subcommands, 25 options each and 25 choices;
 * autocomplete only without choices and not on booleans (dropped otherwise); at most 8,000
 * characters of names, descriptions and choices in all. Stateless and thread-safe.
 */
public final class SlashCommandJson {

  private SlashCommandJson() {}

  /**
   * The registration body: an array holding the one command.
   *
   * @throws IllegalArgumentException naming the command, subcommand, option or choice Discord would
   *     refuse when that cannot be fixed: a bad or duplicate name, a missing description, too many
   *     subcommands, options or choices, a choice that is empty, too long or (for a number) not a
   *     whole number, choices on a boolean, a positional that is no option, or too much text
   */
  public static ArrayNode registration(CommandCatalog c, ObjectMapper json) {
    SlashSchema schema = SlashSchema.of(c);
    ArrayNode body = json.createArrayNode();
    ObjectNode command =
        body.addObject()
            .put("name", schema.name())
            .put("description", schema.description())
            .put("type", 1);
    // As JDA registers it in gateway mode (ids as strings, as JDA sends them): usable in servers
    // and in the bot's direct messages,
    // installed in servers (a direct message carries no roles, so only user grants apply there).
    command.putArray("contexts").add("0").add("1");
    command.putArray("integration_types").add("0");
    ArrayNode subs = command.putArray("options");
    for (SubSchema s : schema.subs()) {
      ObjectNode sub =
          subs.addObject().put("type", 1).put("name", s.name()).put("description", s.description());
      ArrayNode options = sub.putArray("options");
      for (OptionSchema o : s.options()) {
        ObjectNode option =
            options
                .addObject()
                .put("type", o.type())
                .put("name", o.name())
                .put("description", o.description())
                .put("required", o.required());
        if (o.autocomplete()) {
          option.put("autocomplete", true);
        }
        if (!o.choices().isEmpty()) {
          ArrayNode choices = option.putArray("choices");
          for (String choice : o.choices()) {
            ObjectNode ch = choices.addObject().put("name", choice);
            if (o.type() == 4) {
              ch.put("value", Long.parseLong(choice));
            } else {
              ch.put("value", choice);
            }
          }
        }
      }
    }
    return body;
  }

  /**
   * The same command as JDA registers it.
   *
   * @throws IllegalArgumentException as {@link #registration}
   */
  public static SlashCommandData toJda(CommandCatalog c) {
    SlashSchema schema = SlashSchema.of(c);
    SlashCommandData command = Commands.slash(schema.name(), schema.description());
    for (SubSchema s : schema.subs()) {
      SubcommandData sub = new SubcommandData(s.name(), s.description());
      for (OptionSchema o : s.options()) {
        OptionData option =
            new OptionData(
                type(o.type()), o.name(), o.description(), o.required(), o.autocomplete());
        for (String choice : o.choices()) {
          if (o.type() == 4) {
            option.addChoice(choice, Long.parseLong(choice));
          } else {
            option.addChoice(choice, choice);
          }
        }
        sub.addOptions(option);
      }
      command.addSubcommands(sub);
    }
    return command;
  }

  private static OptionType type(int type) {
    switch (type) {
      case 4:
        return OptionType.INTEGER;
      case 5:
        return OptionType.BOOLEAN;
      default:
        return OptionType.STRING;
    }
  }
}
