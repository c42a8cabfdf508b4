package io.iisbot.adapters.discord;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatCommand;
import io.iisbot.adapters.chat.ChatHandler;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatReply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;

/**
 * Gateway mode: JDA's events turned into the bot's commands and clicks, answered through JDA
 * (reply, edit, or defer and then the interaction hook) within Discord's 3 s. On READY the command
 * is registered, in the configured server or globally. Thread-safe.
 */
final class DiscordGateway extends ListenerAdapter {

  private static final Logger LOG = Logger.getLogger(DiscordGateway.class.getName());

  private final DiscordSettings settings;
  private final Supplier<ChatHandler> bot;
  private final DiscordFlow flow;
  private final DiscordChat chat;
  private final ButtonIds ids;
  private final DiscordCompletions completions;

  DiscordGateway(
      DiscordSettings settings,
      Supplier<ChatHandler> bot,
      DiscordFlow flow,
      DiscordChat chat,
      ButtonIds ids,
      DiscordCompletions completions) {
    this.settings = settings;
    this.bot = bot;
    this.flow = flow;
    this.chat = chat;
    this.ids = ids;
    this.completions = completions;
  }

  @Override
  public void onReady(ReadyEvent e) {
    var data = SlashCommandJson.toJda(settings.command());
    Optional<Guild> guild = settings.guildId().map(g -> e.getJDA().getGuildById(g));
    if (settings.guildId().isPresent() && guild.get() == null) {
      LOG.warning(
          () ->
              "server "
                  + settings.guildId().get()
                  + " is not among the bot's; registering globally");
    }
    if (guild.isPresent() && guild.get() != null) {
      guild.get().updateCommands().addCommands(data).queue();
    } else {
      e.getJDA().updateCommands().addCommands(data).queue();
    }
  }

  static Caller caller(User user, Member member) {
    return DiscordFlow.caller(
        user.getId(),
        member != null ? member.getEffectiveName() : user.getEffectiveName(),
        member == null ? List.of() : member.getRoles().stream().map(r -> r.getId()).toList());
  }

  @Override
  public void onSlashCommandInteraction(SlashCommandInteractionEvent e) {
    if (!e.getName().equals(settings.command().name())) {
      return;
    }
    Caller who = caller(e.getUser(), e.getMember());
    String text;
    try {
      SlashCommand.Sub sub =
          settings.command().subcommands().stream()
              .filter(s -> s.name().equals(e.getSubcommandName()))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("unknown subcommand"));
      Map<String, Object> values = new LinkedHashMap<>();
      for (OptionMapping o : e.getOptions()) {
        values.put(
            o.getName(),
            switch (o.getType()) {
              case BOOLEAN -> o.getAsBoolean();
              case INTEGER -> o.getAsLong();
              default -> o.getAsString();
            });
      }
      text = CommandText.of("/" + settings.command().name(), sub, values);
    } catch (IllegalArgumentException bad) {
      e.reply(bad.getMessage()).setEphemeral(true).queue();
      return;
    }
    String channel = e.getChannelId();
    Optional<ChatReply> r =
        flow.within(
            () -> bot.get().onCommand(new ChatCommand(DiscordFlow.PLATFORM, who, channel, text)),
            () -> e.deferReply().queue(),
            late -> {
              ChatMessage first = late.messages().get(0);
              InteractionHook hook = e.getHook();
              if (first.ephemeral()) {
                hook.deleteOriginal().queue();
                hook.sendMessage(DiscordMessages.toJda(first, ids)).setEphemeral(true).queue();
              } else {
                hook.editOriginal(DiscordMessages.toJdaEdit(first, ids)).queue();
              }
              followups(hook, late.messages().subList(1, late.messages().size()));
            });
    if (r.isPresent()) {
      List<ChatMessage> ms = r.get().messages();
      e.reply(DiscordMessages.toJda(ms.get(0), ids))
          .setEphemeral(ms.get(0).ephemeral())
          .queue(ok -> followups(e.getHook(), ms.subList(1, ms.size())));
    }
  }

  private void followups(InteractionHook hook, List<ChatMessage> ms) {
    ms.forEach(
        m -> hook.sendMessage(DiscordMessages.toJda(m, ids)).setEphemeral(m.ephemeral()).queue());
  }

  @Override
  public void onButtonInteraction(ButtonInteractionEvent e) {
    Optional<ButtonIds.Click> click = ids.resolve(e.getComponentId());
    if (click.isEmpty()) {
      return; // another application's button
    }
    Caller who = caller(e.getUser(), e.getMember());
    String channel = e.getChannelId();
    String messageId = e.getMessageId();
    chat.remember(
        channel,
        messageId,
        m -> e.getHook().editOriginal(DiscordMessages.toJdaEdit(m, ids)).queue());
    ChatAction action =
        new ChatAction(
            DiscordFlow.PLATFORM,
            who,
            channel,
            messageId,
            click.get().action(),
            click.get().value());
    Optional<ChatReply> r =
        flow.within(
            () -> bot.get().onAction(action),
            () -> e.deferEdit().queue(),
            late -> {
              for (int k = 0; k < late.messages().size(); k++) {
                ChatMessage m = late.messages().get(k);
                if (k == 0 && late.replacesClicked()) {
                  e.getHook().editOriginal(DiscordMessages.toJdaEdit(m, ids)).queue();
                } else {
                  followups(e.getHook(), List.of(m));
                }
              }
            });
    if (r.isPresent()) {
      List<ChatMessage> ms = r.get().messages();
      ChatMessage first = ms.get(0);
      if (r.get().replacesClicked()) {
        e.editMessage(DiscordMessages.toJdaEdit(first, ids))
            .queue(ok -> followups(e.getHook(), ms.subList(1, ms.size())));
      } else {
        e.reply(DiscordMessages.toJda(first, ids))
            .setEphemeral(first.ephemeral())
            .queue(ok -> followups(e.getHook(), ms.subList(1, ms.size())));
      }
    }
  }

  @Override
  public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent e) {
    var focused = e.getFocusedOption();
    e.replyChoiceStrings(completions.complete(focused.getName(), focused.getValue())).queue();
  }
}
