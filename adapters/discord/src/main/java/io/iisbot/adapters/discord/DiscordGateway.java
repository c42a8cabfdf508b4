package io.iisbot.adapters.discord;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatCommand;
import io.iisbot.adapters.chat.ChatHandler;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.Completions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway mode: JDA's events turned into the bot's commands and clicks, answered through JDA
 * (reply, edit, or defer and then the interaction hook) within Discord's 3 s. On READY the command
 * is registered, in the configured server or globally.
 *
 * <p>The gateway is Discord's own connection, so nobody can replay into it; yet a resumed session
 * replays the events Discord thinks were missed, and JDA does not tell an interaction it already
 * dispatched from one it did not. A command or a click whose id came before ({@link ReplayGuard})
 * is therefore dropped: the first delivery answered it on this same interaction, and a second
 * answer would only be refused (40060, already acknowledged). Thread-safe.
 */
final class DiscordGateway extends ListenerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(DiscordGateway.class);

  private final DiscordSettings settings;
  private final Supplier<ChatHandler> bot;
  private final DiscordFlow flow;
  private final DiscordChat chat;
  private final ButtonIds ids;
  private final Completions completions;
  private final ReplayGuard replays;

  DiscordGateway(
      DiscordSettings settings,
      Supplier<ChatHandler> bot,
      DiscordFlow flow,
      DiscordChat chat,
      ButtonIds ids,
      Completions completions,
      ReplayGuard replays) {
    this.settings = settings;
    this.bot = bot;
    this.flow = flow;
    this.chat = chat;
    this.ids = ids;
    this.completions = completions;
    this.replays = replays;
  }

  /**
   * JDA's failure callback: one warning, every token taken out, where JDA's default would log a
   * stack trace at SEVERE; as DiscordRest logs a failed call in HTTP mode.
   */
  private static Consumer<Throwable> failed(String what) {
    return e -> LOG.atWarn().log(() -> Redact.text("Discord: " + what + " failed: " + e));
  }

  /** False, and a log line, for an interaction that came before. */
  private boolean firstDelivery(String interactionId) {
    if (replays.firstDelivery(interactionId)) {
      return true;
    }
    LOG.info(
        "Discord interaction {} came again over the gateway; not handed to the bot again",
        interactionId);
    return false;
  }

  @Override
  public void onReady(ReadyEvent e) {
    var data = SlashCommandJson.toJda(settings.command());
    Optional<Guild> guild = settings.guildId().map(g -> e.getJDA().getGuildById(g));
    if (settings.guildId().isPresent() && guild.get() == null) {
      LOG.warn("server {} is not among the bot's; registering globally", settings.guildId().get());
    }
    if (guild.isPresent() && guild.get() != null) {
      guild.get().updateCommands().addCommands(data).queue(null, failed("registering the command"));
    } else {
      e.getJDA().updateCommands().addCommands(data).queue(null, failed("registering the command"));
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
    if (!e.getName().equals(settings.command().name()) || !firstDelivery(e.getId())) {
      return;
    }
    Caller who = caller(e.getUser(), e.getMember());
    String text;
    try {
      CommandCatalog.Entry sub =
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
      // Through the renderer, as in HTTP mode: the text may quote what was typed, and JDA's own
      // reply(String) would let it mention @everyone.
      e.reply(
              DiscordMessages.toJda(
                  ChatMessage.privateReply(
                      "Not understood", ChatMessage.Status.WARNING, List.of(bad.getMessage())),
                  ids))
          .setEphemeral(true)
          .queue(null, failed("answering a command not understood"));
      return;
    }
    String channel = e.getChannelId();
    Optional<ChatReply> r =
        flow.within(
            () -> bot.get().onCommand(new ChatCommand(DiscordFlow.PLATFORM, who, channel, text)),
            () -> e.deferReply().queue(null, failed("deferring a command's answer")),
            late -> DiscordFlow.finishCommand(late, outlet(e.getHook())));
    if (r.isPresent()) {
      List<ChatMessage> ms = r.get().messages();
      e.reply(DiscordMessages.toJda(ms.get(0), ids))
          .setEphemeral(ms.get(0).ephemeral())
          .queue(ok -> outlet(e.getHook()).followups(ms), failed("answering a command"));
    }
  }

  /** The interaction's hook, through JDA. */
  private DiscordFlow.Outlet outlet(InteractionHook hook) {
    return new DiscordFlow.Outlet() {
      @Override
      public void editOriginal(ChatMessage m) {
        hook.editOriginal(DiscordMessages.toJdaEdit(m, ids))
            .queue(null, failed("editing an interaction's message"));
      }

      @Override
      public void deleteOriginal() {
        hook.deleteOriginal().queue(null, failed("deleting an interaction's message"));
      }

      @Override
      public void followup(ChatMessage m) {
        hook.sendMessage(DiscordMessages.toJda(m, ids))
            .setEphemeral(m.ephemeral())
            .queue(null, failed("posting a followup"));
      }
    };
  }

  @Override
  public void onButtonInteraction(ButtonInteractionEvent e) {
    Optional<ButtonIds.Click> click = ids.resolve(e.getComponentId());
    if (click.isEmpty()) {
      return; // another application's button
    }
    if (!firstDelivery(e.getId())) {
      return;
    }
    Caller who = caller(e.getUser(), e.getMember());
    String channel = e.getChannelId();
    String messageId = e.getMessageId();
    chat.remember(channel, messageId, m -> outlet(e.getHook()).editOriginal(m));
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
            () -> e.deferEdit().queue(null, failed("deferring a click's answer")),
            late -> DiscordFlow.finishClick(late, outlet(e.getHook())));
    if (r.isPresent()) {
      List<ChatMessage> ms = r.get().messages();
      ChatMessage first = ms.get(0);
      if (r.get().replacesClicked()) {
        e.editMessage(DiscordMessages.toJdaEdit(first, ids))
            .queue(ok -> outlet(e.getHook()).followups(ms), failed("answering a click"));
      } else {
        e.reply(DiscordMessages.toJda(first, ids))
            .setEphemeral(first.ephemeral())
            .queue(ok -> outlet(e.getHook()).followups(ms), failed("answering a click"));
      }
    }
  }

  @Override
  public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent e) {
    var focused = e.getFocusedOption();
    e.replyChoiceStrings(completions.complete(focused.getName(), focused.getValue()))
        .queue(null, failed("offering completions"));
  }
}
