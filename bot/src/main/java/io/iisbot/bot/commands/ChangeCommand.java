package io.iisbot.bot.commands;

import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.Mention;
import io.iisbot.bot.command.At;
import io.iisbot.bot.command.Command;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.CommandSpec.ScopeKind;
import io.iisbot.bot.command.CommandSpec.TargetRule;
import io.iisbot.bot.command.Invocation;
import io.iisbot.bot.command.OptionSpec;
import io.iisbot.bot.core.Audit;
import io.iisbot.bot.core.CommandServices;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.core.Previews;
import io.iisbot.bot.core.Prompts;
import io.iisbot.bot.core.Replies;
import io.iisbot.bot.lb.BalancerException;
import io.iisbot.bot.lb.Balancing;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.iis.engine.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The commands that change IIS — stop, start, suspend, resume, recycle, reset: checked against the
 * caller's roles on every host, previewed on every host, and answered with a confirmation prompt;
 * what runs after Confirm is the prompt's business.
 */
final class ChangeCommand implements Command {

  static final OptionSpec REASON =
      OptionSpec.text("reason", "\"text\"", null, List.of(), "why; recorded and shown to everyone");
  static final OptionSpec BATCH =
      OptionSpec.integer(
          "batch", "N", 1, 1, 50, "how many hosts at a time when the target names several");
  static final OptionSpec DRAIN =
      OptionSpec.duration(
          "drain",
          "90s",
          "90s",
          null,
          null,
          "how long requests in flight get to finish once the sites take no new ones (1s to 1h)");
  static final OptionSpec PAUSE_BETWEEN =
      OptionSpec.duration(
          "pause-between",
          "30s",
          null,
          "1s",
          "1h",
          "with --batch: how long to wait between batches (1s to 1h); Pause and Continue on the"
              + " progress message work too");
  static final OptionSpec FORCE =
      OptionSpec.flag("force", "kill worker processes still running after the deadline");
  static final OptionSpec NO_LB =
      OptionSpec.flag(
          "no-lb", "leave the load balancer alone: the host stays in rotation (audited)");
  static final OptionSpec ALL =
      OptionSpec.flag("all", "with a whole host: WAS and its dependent services too");
  static final OptionSpec PERSIST =
      OptionSpec.flag("persist", "also turn off auto-start so it stays so after a reboot");

  static final OptionSpec FOR =
      OptionSpec.duration(
          "for",
          "30m",
          null,
          "1m",
          "24h",
          "a maintenance window: after this long the bot undoes it by itself (1m to 24h)");
  static final OptionSpec AT =
      OptionSpec.text(
          "at",
          "03:00",
          null,
          List.of(),
          "confirm now, run then (HH:MM or YYYY-MM-DDTHH:MM, in the bot's time zone)");

  private static final Set<ScopeKind> SITE_OR_POOL = Set.of(ScopeKind.SITE, ScopeKind.POOL);

  private final CommandSpec spec;
  private final HostDirectory hosts;
  private final Permissions permissions;
  private final Prompts prompts;
  private final Audit audit;
  private final String commandName;

  private ChangeCommand(CommandSpec spec, CommandServices s) {
    this.spec = spec;
    this.hosts = s.hosts();
    this.permissions = s.permissions();
    this.prompts = s.prompts();
    this.audit = s.audit();
    this.commandName = s.commandName();
  }

  static ChangeCommand stop(CommandServices s) {
    return new ChangeCommand(
        CommandSpec.builder(
                "stop",
                "stop <target> [site:NAME | pool:NAME] [--all] [--drain 90s] [--force] [--persist]"
                    + " [--batch N] [--pause-between 30s] [--for 30m] [--at 03:00] [--no-lb] [--reason \"text\"]",
                "stop IIS, a site or an app pool, letting requests in flight finish")
            .changes(Action.STOP, true)
            .target(TargetRule.REQUIRED)
            .scopes(SITE_OR_POOL, false)
            .options(ALL, DRAIN, FORCE, PERSIST, BATCH, PAUSE_BETWEEN, FOR, AT, NO_LB, REASON)
            .build(),
        s);
  }

  static ChangeCommand start(CommandServices s) {
    return new ChangeCommand(
        CommandSpec.builder(
                "start",
                "start <target> [site:NAME | pool:NAME] [--batch N] [--pause-between 30s] [--at 03:00] [--no-lb] [--reason \"text\"]",
                "start IIS, a site or an app pool again")
            .changes(Action.START, false)
            .target(TargetRule.REQUIRED)
            .scopes(SITE_OR_POOL, false)
            .options(BATCH, PAUSE_BETWEEN, AT, NO_LB, REASON)
            .build(),
        s);
  }

  static ChangeCommand suspend(CommandServices s) {
    return new ChangeCommand(
        CommandSpec.builder(
                "suspend",
                "suspend <target> [site:NAME | pool:NAME] [--drain 90s] [--persist] [--batch N]"
                    + " [--pause-between 30s] [--for 30m] [--at 03:00] [--no-lb] [--reason \"text\"]",
                "stop the sites taking requests but keep app pools and workers warm")
            .changes(Action.SUSPEND, true)
            .target(TargetRule.REQUIRED)
            .scopes(SITE_OR_POOL, false)
            .options(DRAIN, PERSIST, BATCH, PAUSE_BETWEEN, FOR, AT, NO_LB, REASON)
            .build(),
        s);
  }

  static ChangeCommand resume(CommandServices s) {
    return new ChangeCommand(
        CommandSpec.builder(
                "resume",
                "resume <target> [site:NAME | pool:NAME] [--batch N] [--pause-between 30s] [--at 03:00] [--no-lb] [--reason \"text\"]",
                "let suspended sites take requests again")
            .changes(Action.RESUME, false)
            .target(TargetRule.REQUIRED)
            .scopes(SITE_OR_POOL, false)
            .options(BATCH, PAUSE_BETWEEN, AT, NO_LB, REASON)
            .build(),
        s);
  }

  static ChangeCommand recycle(CommandServices s) {
    return new ChangeCommand(
        CommandSpec.builder(
                "recycle",
                "recycle <target> pool:NAME [--batch N] [--pause-between 30s] [--at 03:00] [--no-lb] [--reason \"text\"]",
                "recycle an app pool: new workers start before the old ones leave")
            .changes(Action.RECYCLE, true)
            .target(TargetRule.REQUIRED)
            .scopes(Set.of(ScopeKind.POOL), true)
            .options(BATCH, PAUSE_BETWEEN, AT, NO_LB, REASON)
            .build(),
        s);
  }

  static ChangeCommand reset(CommandServices s) {
    return new ChangeCommand(
        CommandSpec.builder(
                "reset",
                "reset <target> [--all] [--drain 90s] [--force] [--batch N] [--pause-between 30s] [--at 03:00]"
                    + " [--no-lb] [--reason \"text\"]",
                "stop and start IIS on the whole host, as iisreset does, but gracefully")
            .changes(Action.RESET, true)
            .target(TargetRule.REQUIRED)
            .options(ALL, DRAIN, FORCE, BATCH, PAUSE_BETWEEN, AT, NO_LB, REASON)
            .build(),
        s);
  }

  @Override
  public CommandSpec spec() {
    return spec;
  }

  @Override
  public ChatReply handle(Invocation call) {
    List<String> names = hosts.resolve(call.command().target());
    String action = call.permission();
    Optional<String> denied = permissions.denial(call.caller(), action, names);
    if (denied.isPresent()) {
      audit.denial(call.platform(), call.caller(), action, names, denied.get());
      return Replies.notAllowed(denied.get());
    }
    Prompts.Worked worked;
    try {
      worked = prompts.workOut(call.text(), call.command(), Mention.of(call.caller()).token());
    } catch (Prompts.ReasonRequired e) {
      audit.denial(call.platform(), call.caller(), action, names, e.getMessage());
      return Replies.privateReply("Reason needed", Status.DENIED, e.getMessage());
    } catch (At.NotAhead e) {
      return Replies.privateReply(
          "Cannot schedule", Status.WARNING, e.getMessage(), "Usage: " + call.usage(commandName));
    } catch (Balancing.CapacityRefused e) {
      audit.denial(call.platform(), call.caller(), action, names, e.getMessage());
      return Replies.privateReply(
          "Refused: too few servers would stay in service", Status.DENIED, e.getMessage());
    } catch (BalancerException e) {
      return Replies.privateReply(
          "Cannot check the load balancer",
          Status.FAILURE,
          "Nothing can be confirmed until the load balancer answers: " + e.getMessage(),
          "Add --no-lb to leave the balancer alone (audited).");
    } catch (Previews.Refused e) {
      List<String> lines = new ArrayList<>();
      lines.add("Nothing can be confirmed until every host can be previewed:");
      e.problems().forEach(x -> lines.add("• " + x));
      return Replies.privateReply("Cannot preview", Status.FAILURE, lines.toArray(String[]::new));
    }
    audit
        .entry(AuditEntry.Kind.REQUEST, call.platform(), call.caller())
        .hosts(worked.pinned().hosts())
        .action(action)
        .target(worked.pinned().scopeText())
        .outcome(AuditEntry.PROMPTED)
        .detail(call.text().strip())
        .record();
    return ChatReply.post(
        prompts.open(
            call.platform(), call.channel(), null, call.caller().user(), worked, List.of()));
  }
}
