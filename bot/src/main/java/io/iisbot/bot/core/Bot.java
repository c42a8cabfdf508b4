package io.iisbot.bot.core;

import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatCommand;
import io.iisbot.adapters.chat.ChatHandler;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.SignInLinks;
import io.iisbot.bot.command.CommandParser;
import io.iisbot.bot.command.Help;
import io.iisbot.bot.command.ParsedCommand;
import io.iisbot.bot.command.UsageException;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.policy.People;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.policy.Policies;
import io.iisbot.bot.render.Messages;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.iis.agent.AgentException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The brain between the chat platforms and the agents: parses a command, checks the caller's
 * permission for every host it names, previews the plan and asks for confirmation, and, once a
 * (second) person confirms with a valid single-use token, runs it across the hosts in rolling
 * batches, editing the prompt into live progress and the result. Everything is audited.
 *
 * <p>Handlers return the messages to show; the operation itself runs on the bot's executor and
 * edits its message through the platform's {@link ChatSink}. Thread-safe.
 */
public final class Bot implements ChatHandler {

  /** What the bot is made of. */
  public record Parts(
      CommandParser parser,
      Help help,
      Permissions permissions,
      People people,
      HostDirectory hosts,
      Policies policies,
      TokenSigner signer,
      BotStore store,
      Map<String, ChatSink> sinks,
      Clock clock,
      ExecutorService runner,
      ScheduledExecutorService scheduler,
      SignInLinks signIn) {
    /**
     * @param signIn issues console sign-in links; null when the console is turned off
     */
    public Parts {
      sinks = Map.copyOf(sinks);
    }
  }

  private final Parts p;
  private final BotContext ctx;
  private final Runs runs;
  private final Buttons buttons;
  private final OperationTraces traces;
  private final ConsoleSignIns signIns;
  private final Prompts prompts;
  private final HistoryReader history;

  public Bot(Parts parts) {
    this(parts, new OperationTraces());
  }

  /**
   * @param traces where the details of operations this bot runs are kept (the console shows them)
   */
  public Bot(Parts parts, OperationTraces traces) {
    this.p = parts;
    this.traces = traces;
    this.ctx = new BotContext(parts);
    this.runs = new Runs(ctx, traces);
    this.signIns = new ConsoleSignIns(ctx);
    this.prompts = new Prompts(ctx);
    this.history = new HistoryReader(parts.hosts(), parts.permissions(), parts.store());
    this.buttons = new Buttons(ctx, runs, prompts);
  }

  @Override
  public ChatReply onAction(ChatAction a) {
    return buttons.onAction(a);
  }

  /**
   * After a restart: follows every operation the store says was in flight and posts its result in
   * place of its progress message.
   */
  public void reattach() {
    runs.reattach();
  }

  // ---- commands ------------------------------------------------------------------------------

  @Override
  public ChatReply onCommand(ChatCommand typed) {
    ChatCommand c =
        new ChatCommand(
            typed.platform(), p.people().expand(typed.caller()), typed.channel(), typed.text());
    ParsedCommand cmd;
    try {
      cmd = p.parser().parse(c.text());
    } catch (UsageException e) {
      return ChatReply.post(
          BotContext.privately(
              "Not understood", Status.WARNING, e.getMessage(), "Usage: " + e.usage()));
    }
    try {
      return switch (cmd.spec().kind()) {
        case CHANGE -> change(c, cmd);
        case READ -> read(c, cmd);
        case SESSION -> ChatReply.post(signIns.answer(c));
      };
    } catch (HostDirectory.Unresolved e) {
      return ChatReply.post(
          BotContext.privately(
              "Unknown target",
              Status.WARNING,
              e.getMessage(),
              "Usage: " + cmd.spec().usage(p.parser().commandName())));
    } catch (AgentException e) {
      return ChatReply.post(BotContext.privately("Agent problem", Status.FAILURE, e.getMessage()));
    }
  }

  /** The details of operations this bot ran, for the console's operation view. */
  public OperationTraces traces() {
    return traces;
  }

  private ChatReply change(ChatCommand c, ParsedCommand cmd) {
    if (cmd.forDuration() != null) {
      return ChatReply.post(
          BotContext.privately(
              "Not available yet",
              Status.INFO,
              "Maintenance windows (--for) are not available yet; run the command without --for and start again when done."));
    }
    List<String> hosts = p.hosts().resolve(cmd.target());
    String action = cmd.spec().name();
    Optional<String> denied = ctx.denial(c.caller(), action, hosts);
    if (denied.isPresent()) {
      ctx.audit(
          AuditEntry.Kind.DENIAL,
          c.platform(),
          c.caller(),
          String.join(",", hosts),
          action,
          null,
          null,
          "denied",
          denied.get());
      return ChatReply.post(BotContext.privately("Not allowed", Status.DENIED, denied.get()));
    }
    Prompts.Worked worked;
    try {
      worked = prompts.workOut(c.text(), cmd, c.caller().displayName());
    } catch (Previews.Refused e) {
      List<String> lines = new java.util.ArrayList<>();
      lines.add("Nothing can be confirmed until every host can be previewed:");
      e.problems.forEach(x -> lines.add("• " + x));
      return ChatReply.post(
          BotContext.privately("Cannot preview", Status.FAILURE, lines.toArray(String[]::new)));
    }
    ctx.audit(
        AuditEntry.Kind.REQUEST,
        c.platform(),
        c.caller(),
        String.join(",", worked.pinned().hosts()),
        action,
        BotContext.scopeText(worked.pinned().request()),
        null,
        "prompted",
        c.text().strip());
    return ChatReply.post(
        prompts.open(c.platform(), c.channel(), null, c.caller().user(), worked, List.of()));
  }

  private ChatReply read(ChatCommand c, ParsedCommand cmd) {
    String name = cmd.spec().name();
    switch (name) {
      case "help" -> {
        String text = p.help().render(cmd, spec -> ctx.mayUse(c.caller(), spec));
        return ChatReply.post(BotContext.privately("iisbot help", Status.INFO, text));
      }
      case "status" -> {
        List<String> hosts = p.hosts().resolve(cmd.target());
        Optional<String> denied = ctx.denial(c.caller(), name, hosts);
        if (denied.isPresent()) {
          return ChatReply.post(BotContext.privately("Not allowed", Status.DENIED, denied.get()));
        }
        List<ChatMessage> out = new ArrayList<>();
        for (String h : hosts) {
          out.add(Messages.status(p.hosts().agent(h).snapshot()));
        }
        return new ChatReply(out, false);
      }
      case "events" -> {
        List<String> hosts = p.hosts().resolve(cmd.target());
        Optional<String> denied = ctx.denial(c.caller(), name, hosts);
        if (denied.isPresent()) {
          return ChatReply.post(BotContext.privately("Not allowed", Status.DENIED, denied.get()));
        }
        Instant until = ctx.now();
        Instant since = until.minus(cmd.since() == null ? Duration.ofHours(1) : cmd.since());
        List<ChatMessage> out = new ArrayList<>();
        for (String h : hosts) {
          var events =
              p.hosts()
                  .agent(h)
                  .events(
                      since,
                      until,
                      cmd.level() == null ? io.iisbot.iis.EventLevel.VERBOSE : cmd.level());
          out.add(
              new ChatMessage(
                  h + " events since " + since,
                  Status.INFO,
                  List.of(Messages.events(events.summary())),
                  List.of(),
                  List.of(),
                  false,
                  true));
        }
        return new ChatReply(out, false);
      }
      case "history" -> {
        ParsedCommand.HistoryFilter f = cmd.filter();
        List<AuditEntry> entries;
        try {
          entries =
              history.read(
                  c.caller(),
                  new HistoryReader.Request(
                      cmd.target() == null
                          ? null
                          : java.util.Set.copyOf(p.hosts().resolve(cmd.target())),
                      f.user(),
                      f.action() == null ? null : f.action().verb(),
                      f.outcome() == null ? null : f.outcome().name().toLowerCase(Locale.ROOT),
                      cmd.limit()));
        } catch (HistoryReader.Denied e) {
          return ChatReply.post(BotContext.privately("Not allowed", Status.DENIED, e.getMessage()));
        }
        List<String> lines = entries.stream().map(Bot::historyLine).toList();
        return ChatReply.post(
            new ChatMessage(
                "History",
                Status.INFO,
                lines.isEmpty() ? List.of("nothing recorded yet") : lines,
                List.of(),
                List.of(),
                true,
                true));
      }
      default -> {
        return ChatReply.post(
            BotContext.privately(
                "Not available yet", Status.INFO, "Maintenance windows are not available yet."));
      }
    }
  }

  private static String historyLine(AuditEntry e) {
    return e.at()
        + " "
        + e.kind().name().toLowerCase(Locale.ROOT)
        + " "
        + nz(e.user())
        + " "
        + nz(e.action())
        + " "
        + nz(e.host())
        + (e.outcome() == null ? "" : " → " + e.outcome());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
