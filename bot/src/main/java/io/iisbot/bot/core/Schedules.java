package io.iisbot.bot.core;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Mention;
import io.iisbot.bot.command.ParsedCommand;
import io.iisbot.bot.command.UsageException;
import io.iisbot.bot.confirm.Pinned;
import io.iisbot.bot.lb.BalancerException;
import io.iisbot.bot.lb.Balancing;
import io.iisbot.bot.policy.People;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled operations: a command confirmed with {@code --at 03:00} is kept as a store timer and
 * runs then, after the permission of whoever let it run and the policies are checked again; it
 * posts in the channel it came from. Thread-safe.
 */
public final class Schedules implements ClickHandler {

  private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);

  static final String KIND = "scheduled";
  static final String CANCEL_BUTTON = "scheduled-cancel";

  /**
   * A scheduled run, as its timer keeps it.
   *
   * @param message the message that shows the schedule (the prompt's), edited when it starts
   * @param startedBy who let it run (the confirmer, or the approver), whose permission is checked
   *     again at the start
   * @param memberships their memberships when they clicked
   * @param pinned what was confirmed, as JSON
   */
  record Scheduled(
      String id,
      String platform,
      String channel,
      String message,
      String requester,
      String startedBy,
      List<String> memberships,
      String startedByName,
      String approver,
      String pinned) {}

  private final BotStore store;
  private final Map<String, ChatSink> sinks;
  private final Permissions permissions;
  private final People people;
  private final Audit audit;
  private final Clock clock;
  private final Runs runs;
  private final Prompts prompts;
  private final Function<String, ParsedCommand> parse;
  private final Later later;

  Schedules(
      BotStore store,
      Map<String, ChatSink> sinks,
      Permissions permissions,
      People people,
      Audit audit,
      Clock clock,
      Runs runs,
      Prompts prompts,
      Function<String, ParsedCommand> parse,
      Ticker ticker,
      Later later) {
    this.store = store;
    this.sinks = sinks;
    this.permissions = permissions;
    this.people = people;
    this.audit = audit;
    this.clock = clock;
    this.runs = runs;
    this.prompts = prompts;
    this.parse = parse;
    this.later = later;
    ticker.on(KIND, this::fire);
  }

  /**
   * Keeps a confirmed launch whose command has {@code --at} for later and returns the message that
   * replaces its prompt.
   */
  ChatMessage schedule(Launch l) {
    Pinned p = l.pinned();
    Caller by = l.startedBy();
    Scheduled s =
        new Scheduled(
            Ids.random("s"),
            l.platform(),
            l.channel(),
            l.message(),
            l.requester(),
            by.user().toString(),
            by.memberships().stream().map(Identity::toString).toList(),
            by.displayName(),
            l.approver(),
            p.toJson());
    store.saveTimer(Timer.pending(s.id(), KIND, p.at(), Later.json(s), clock.instant()));
    audit
        .entry(AuditEntry.Kind.NOTICE, l.platform(), by)
        .hosts(p.hosts())
        .action(p.verb())
        .target(p.scopeText())
        .detail("scheduled " + s.id() + " for " + p.at() + ": " + p.command())
        .record();
    return new ChatMessage(
        "Scheduled: " + p.command(),
        Status.PENDING,
        List.of(
            "Runs at "
                + later.time(p.at())
                + " on "
                + String.join(", ", p.hosts())
                + "; permission and policies are checked again then.",
            "The result will be posted in this channel."),
        fields(p, s),
        List.of(
            new Button(
                "Cancel", CANCEL_BUTTON, later.sign(s.id(), l.platform(), l.channel()), null)),
        false,
        false);
  }

  private void fire(Timer t) {
    Scheduled s = Later.read(t.payload(), Scheduled.class);
    Pinned was = Pinned.fromJson(s.pinned());
    Caller by =
        people.expand(
            new Caller(
                Identity.parse(s.startedBy()),
                s.memberships().stream().map(Identity::parse).toList(),
                s.startedByName()));
    Optional<String> denied = permissions.denial(by, was.verb(), was.hosts());
    if (denied.isPresent()) {
      refused(s, was, by, denied.get());
      return;
    }
    Prompts.Worked now;
    try {
      now =
          prompts.workOut(
              was.command(), parse.apply(was.command()).withoutAt(), was.requesterName());
    } catch (UsageException
        | HostDirectory.Unresolved
        | Previews.Refused
        | Balancing.CapacityRefused
        | BalancerException e) {
      refused(s, was, by, "the command no longer applies: " + e.getMessage());
      return;
    }
    List<String> changed = new ArrayList<>();
    if (!now.pinned().hosts().equals(was.hosts())) {
      changed.add(
          "it now names "
              + String.join(", ", now.pinned().hosts())
              + " (was "
              + String.join(", ", was.hosts())
              + ")");
    }
    if (now.pinned().secondApprover() && !was.secondApprover()) {
      changed.add(
          "policy " + String.join(", ", now.pinned().policies()) + " now needs a second approver");
    }
    if (!changed.isEmpty()) {
      refused(
          s,
          was,
          by,
          "the policies or the target changed since it was confirmed: "
              + String.join("; ", changed));
      return;
    }
    ChatSink sink = sinks.get(s.platform());
    String ref =
        sink.post(
            s.channel(),
            null,
            new ChatMessage(
                "Running: " + was.command(),
                Status.RUNNING,
                List.of(
                    "Scheduled for " + later.time(t.fireAt()) + " by " + s.startedByName() + "."),
                List.of(),
                List.of(),
                false,
                false));
    audit
        .entry(AuditEntry.Kind.NOTICE, s.platform(), null)
        .hosts(was.hosts())
        .action(was.verb())
        .target(was.scopeText())
        .detail("scheduled " + s.id() + " started: " + was.command())
        .record();
    edit(
        s,
        "Started: " + was.command(),
        Status.RUNNING,
        "Started at " + later.time(clock.instant()) + "; its progress is below.");
    runs.start(
        new Launch(
            s.platform(), s.channel(), ref, null, s.requester(), now.pinned(), s.approver()));
  }

  /** Refused at its start: the channel is told, and the audit says why. */
  private void refused(Scheduled s, Pinned was, Caller by, String why) {
    audit
        .entry(AuditEntry.Kind.DENIAL, s.platform(), by)
        .hosts(was.hosts())
        .action(was.verb())
        .target(was.scopeText())
        .outcome(AuditEntry.DENIED)
        .detail("scheduled " + s.id() + " did not run: " + why)
        .record();
    ChatSink sink = sinks.get(s.platform());
    if (sink == null) {
      LOG.warn("scheduled {} did not run ({}) and {} is gone", s.id(), why, s.platform());
      return;
    }
    sink.post(
        s.channel(),
        null,
        new ChatMessage(
            "Scheduled run refused: " + was.command(),
            Status.DENIED,
            List.of(Later.mention(s.startedBy(), s.startedByName()) + " nothing ran: " + why),
            List.of(),
            List.of(),
            false,
            true));
    edit(s, "Did not run: " + was.command(), Status.DENIED, "Refused at its start: " + why);
  }

  /** Edits the message that showed the schedule, when the bot knows it. */
  private void edit(Scheduled s, String title, Status status, String line) {
    ChatSink sink = sinks.get(s.platform());
    if (sink == null || s.message() == null) {
      return;
    }
    try {
      sink.update(
          s.channel(),
          s.message(),
          new ChatMessage(title, status, List.of(line), List.of(), List.of(), false, true));
    } catch (RuntimeException e) {
      // The message may be gone (deleted, or too old to edit); the new message says it all.
      LOG.info("could not edit the message of scheduled {}: {}", s.id(), e.getMessage());
    }
  }

  // --- buttons

  @Override
  public Set<String> actions() {
    return Set.of(CANCEL_BUTTON);
  }

  @Override
  public ChatReply click(ChatAction a) {
    Later.Checked checked = later.check(a);
    if (checked.refusal() != null) {
      return checked.refusal();
    }
    Optional<Timer> timer = store.timer(checked.timerId()).filter(t -> t.kind().equals(KIND));
    if (timer.isEmpty()) {
      return Later.refuse("Cannot do that", Status.WARNING, "this scheduled run is not known");
    }
    Scheduled s = Later.read(timer.get().payload(), Scheduled.class);
    Pinned p = Pinned.fromJson(s.pinned());
    Optional<String> denied = permissions.denial(a.caller(), p.verb(), p.hosts());
    if (denied.isPresent()) {
      audit.denial(a.platform(), a.caller(), p.verb(), p.hosts(), denied.get());
      return Replies.notAllowed(denied.get());
    }
    if (!store.cancelTimer(s.id())) {
      return Later.refuse(
          "Already handled",
          Status.INFO,
          "this scheduled run has started or was cancelled already");
    }
    audit
        .entry(AuditEntry.Kind.CANCELLATION, a.platform(), a.caller())
        .hosts(p.hosts())
        .action(p.verb())
        .target(p.scopeText())
        .outcome(AuditEntry.CANCELLED)
        .detail("scheduled " + s.id() + " cancelled: " + p.command())
        .record();
    return ChatReply.replace(
        new ChatMessage(
            "Cancelled: " + p.command(),
            Status.INFO,
            List.of(
                "The run scheduled for "
                    + later.time(timer.get().fireAt())
                    + " was cancelled by "
                    + Mention.of(a.caller()).token()
                    + "; nothing ran."),
            List.of(),
            List.of(),
            false,
            true));
  }

  // --- listing

  /** {@code scheduled}: the pending runs on hosts the caller may see, each with Cancel. */
  public ChatMessage list(String platform, String channel, Caller caller, String permission) {
    List<String> lines = new ArrayList<>();
    List<Button> buttons = new ArrayList<>();
    for (Timer t : store.pendingTimers(KIND)) {
      Scheduled s = Later.read(t.payload(), Scheduled.class);
      Pinned p = Pinned.fromJson(s.pinned());
      if (permissions.denial(caller, permission, p.hosts()).isPresent()) {
        continue;
      }
      int n = lines.size() + 1;
      lines.add(
          "#"
              + n
              + " "
              + later.time(t.fireAt())
              + ": "
              + p.command()
              + " (by "
              + s.startedByName()
              + ")");
      buttons.add(
          new Button("Cancel #" + n, CANCEL_BUTTON, later.sign(s.id(), platform, channel), null));
    }
    if (lines.isEmpty()) {
      lines.add("No operation is scheduled.");
    }
    return new ChatMessage(
        "Scheduled operations", Status.INFO, lines, List.of(), buttons, false, true);
  }

  /** Hosts a scheduled run will act on are busy: a prompt for one says what runs on it and when. */
  HostBusy busy() {
    return HostBusy.whereNamed(
        () -> store.pendingTimers(KIND).stream().map(Pending::of).toList(),
        p -> p.pinned().hosts(),
        (p, h) ->
            new HostBusy.Busy(
                h,
                "a scheduled " + p.pinned().verb() + " at " + later.time(p.timer().fireAt()),
                p.run().startedByName(),
                null,
                p.timer().createdAt()));
  }

  /** A pending timer with its payload read once. */
  private record Pending(Timer timer, Scheduled run, Pinned pinned) {
    static Pending of(Timer t) {
      Scheduled s = read(t);
      return new Pending(t, s, Pinned.fromJson(s.pinned()));
    }
  }

  private static Scheduled read(Timer t) {
    return Later.read(t.payload(), Scheduled.class);
  }

  private static List<Field> fields(Pinned p, Scheduled s) {
    List<Field> f = new ArrayList<>();
    f.add(new Field("Requested by", p.requesterName()));
    f.add(new Field("Confirmed by", s.startedByName()));
    if (s.approver() != null) {
      f.add(new Field("Approved by", s.approver()));
    }
    return f;
  }
}
