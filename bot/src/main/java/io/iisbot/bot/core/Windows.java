package io.iisbot.bot.core;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Mention;
import io.iisbot.bot.command.ParsedCommand;
import io.iisbot.bot.confirm.Pinned;
import io.iisbot.bot.fleet.FleetResult;
import io.iisbot.bot.fleet.HostOutcome;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.Timer;
import io.iisbot.iis.engine.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance windows: a {@code stop} or {@code suspend} confirmed with {@code --for 30m} opens a
 * window once it succeeds; when the time is up the bot starts or resumes the same hosts and scope
 * by itself and posts the result where the window began. A reminder before the end offers Extend
 * and End now. The window's end is a store timer, so it survives a restart and fires once across
 * replicas. Thread-safe.
 */
public final class Windows implements ClickHandler, OperationListener {

  private static final Logger LOG = LoggerFactory.getLogger(Windows.class);

  static final String END = "window-end";
  static final String REMIND = "window-reminder";
  static final String EXTEND_BUTTON = "window-extend";
  static final String END_BUTTON = "window-end-now";
  static final Duration EXTENSION = Duration.ofMinutes(30);
  static final Duration REMIND_BEFORE = Duration.ofMinutes(5);

  /** Windows shorter than this are reminded of at half-time instead. */
  static final Duration SHORT = Duration.ofMinutes(10);

  /**
   * An open window, as its end timer keeps it.
   *
   * @param scope how the scope is typed after the hosts ({@code site:"Default Web Site"}), empty
   *     for whole hosts
   */
  record Window(
      String id,
      String platform,
      String channel,
      String verb,
      List<String> hosts,
      String scope,
      int batch,
      String requester,
      String requesterName,
      String reason,
      Instant opened) {}

  /** A reminder of a window's end. */
  record Reminder(String window) {}

  private final String commandName;
  private final BotStore store;
  private final Map<String, ChatSink> sinks;
  private final Permissions permissions;
  private final Audit audit;
  private final Clock clock;
  private final Runs runs;
  private final Prompts prompts;
  private final Function<String, ParsedCommand> parse;
  private final Ticker ticker;
  private final Later later;

  /** The windows whose end is running, by the message of its operation. */
  private final Map<String, Window> ending = new ConcurrentHashMap<>();

  Windows(
      String commandName,
      BotStore store,
      Map<String, ChatSink> sinks,
      Permissions permissions,
      Audit audit,
      Clock clock,
      Runs runs,
      Prompts prompts,
      Function<String, ParsedCommand> parse,
      Ticker ticker,
      Later later) {
    this.commandName = commandName;
    this.store = store;
    this.sinks = sinks;
    this.permissions = permissions;
    this.audit = audit;
    this.clock = clock;
    this.runs = runs;
    this.prompts = prompts;
    this.parse = parse;
    this.ticker = ticker;
    this.later = later;
    ticker.on(END, t -> end(read(t), "its time was up"));
    ticker.on(REMIND, this::remind);
  }

  /** The action that ends a window opened by {@code verb}: suspend → resume, stop → start. */
  public static String inverse(String verb) {
    return verb.equals("suspend") ? "resume" : "start";
  }

  // --- opening, reminding, ending

  @Override
  public void finished(String operation, Launch launch, FleetResult result) {
    Window ended = ending.remove(key(launch));
    if (ended != null) {
      if (!result.succeeded()) {
        failed(ended, "see the result above (" + operation + ")");
      }
      return;
    }
    Pinned p = launch.pinned();
    if (p.window() == null) {
      return;
    }
    List<String> done =
        result.hosts().stream().filter(h -> !h.failed()).map(HostOutcome::host).toList();
    if (!done.isEmpty()) {
      open(launch, done, p.window());
    }
  }

  private void open(Launch launch, List<String> hosts, Duration length) {
    Pinned p = launch.pinned();
    Instant now = clock.instant();
    Instant end = now.plus(length);
    Scope scope = p.request().scope();
    String typed =
        scope instanceof Scope.Site s
            ? " site:\"" + s.name() + "\""
            : scope instanceof Scope.Pool x ? " pool:\"" + x.name() + "\"" : "";
    Window w =
        new Window(
            Ids.random("w"),
            launch.platform(),
            launch.channel(),
            p.verb(),
            hosts,
            typed,
            p.batch(),
            launch.requester(),
            p.requesterName(),
            p.reason(),
            now);
    store.saveTimer(Timer.pending(w.id(), END, end, Later.json(w), now));
    remindBefore(w, now, end);
    audit
        .entry(AuditEntry.Kind.NOTICE, w.platform(), null)
        .hosts(hosts)
        .action(w.verb())
        .target(p.scopeText())
        .detail("maintenance window " + w.id() + " opened until " + end + " by " + w.requester())
        .record();
    post(
        w,
        WindowMessages.opened(
            w, later.time(end), length, List.of(button("End now", END_BUTTON, w))));
  }

  private void remindBefore(Window w, Instant start, Instant end) {
    Duration length = Duration.between(start, end);
    Instant at =
        length.compareTo(SHORT) < 0 ? start.plus(length.dividedBy(2)) : end.minus(REMIND_BEFORE);
    store.saveTimer(
        Timer.pending(
            Ids.random("r"), REMIND, at, Later.json(new Reminder(w.id())), clock.instant()));
  }

  private void remind(Timer t) {
    Reminder r = Later.read(t.payload(), Reminder.class);
    Optional<Timer> end = store.timer(r.window()).filter(x -> x.state() == Timer.State.PENDING);
    if (end.isEmpty()) {
      return;
    }
    Window w = read(end.get());
    post(w, reminder(w, end.get().fireAt(), "Maintenance window ends soon: "));
  }

  private ChatMessage reminder(Window w, Instant end, String title) {
    // Whole seconds: "in 4m59.997s" reads as noise.
    Duration left = Duration.ofSeconds(Duration.between(clock.instant(), end).toSeconds());
    return WindowMessages.reminder(
        w,
        title,
        later.time(end),
        left.isNegative() ? Duration.ZERO : left,
        List.of(button("Extend 30 min", EXTEND_BUTTON, w), button("End now", END_BUTTON, w)));
  }

  /** Starts the inverse operation; whoever claimed the window's end timer calls this, once. */
  private void end(Window w, String why) {
    cancelReminders(w.id());
    String inverse = inverse(w.verb());
    String text =
        commandName
            + " "
            + inverse
            + " "
            + String.join(",", w.hosts())
            + w.scope()
            + " --batch "
            + w.batch()
            + " --reason \"end of maintenance window\"";
    audit
        .entry(AuditEntry.Kind.NOTICE, w.platform(), null)
        .hosts(w.hosts())
        .action(inverse)
        .detail("maintenance window " + w.id() + " ended (" + why + "): " + text)
        .record();
    try {
      Prompts.Worked worked =
          prompts.workOut(
              text, parse.apply(text), "iisbot, ending " + w.requesterName() + "'s window");
      ChatSink sink = sinks.get(w.platform());
      String ref = sink.post(w.channel(), null, WindowMessages.ending(w, text, why));
      Launch l =
          new Launch(w.platform(), w.channel(), ref, null, w.requester(), worked.pinned(), null);
      ending.put(key(l), w);
      runs.start(l);
    } catch (RuntimeException e) {
      LOG.warn("ending maintenance window {} failed", w.id(), e);
      failed(w, e.getMessage());
    }
  }

  /** The automatic end failed: the channel is told and the requester mentioned. */
  private void failed(Window w, String why) {
    audit
        .entry(AuditEntry.Kind.NOTICE, w.platform(), null)
        .hosts(w.hosts())
        .action(inverse(w.verb()))
        .outcome("failed")
        .detail("maintenance window " + w.id() + " did not end cleanly: " + why)
        .record();
    post(w, WindowMessages.failed(w, why, commandName));
  }

  private void cancelReminders(String window) {
    for (Timer r : store.pendingTimers(REMIND)) {
      if (Later.read(r.payload(), Reminder.class).window().equals(window)) {
        store.cancelTimer(r.id());
      }
    }
  }

  // --- buttons

  @Override
  public Set<String> actions() {
    return Set.of(EXTEND_BUTTON, END_BUTTON);
  }

  @Override
  public ChatReply click(ChatAction a) {
    Later.Checked checked = later.check(a);
    if (checked.refusal() != null) {
      return checked.refusal();
    }
    Optional<Timer> timer = store.timer(checked.timerId()).filter(t -> t.kind().equals(END));
    if (timer.isEmpty()) {
      return Later.refuse("Cannot do that", Status.WARNING, "this maintenance window is not known");
    }
    Window w = read(timer.get());
    Optional<String> denied = permissions.denial(a.caller(), w.verb(), w.hosts());
    if (denied.isPresent()) {
      audit.denial(a.platform(), a.caller(), w.verb(), w.hosts(), denied.get());
      return Replies.notAllowed(denied.get());
    }
    if (timer.get().state() != Timer.State.PENDING) {
      return Later.refuse(
          "Already ended", Status.INFO, "this maintenance window has ended already");
    }
    return a.action().equals(EXTEND_BUTTON) ? extend(a, w, timer.get()) : endNow(a, w);
  }

  private ChatReply extend(ChatAction a, Window w, Timer timer) {
    Instant now = clock.instant();
    Instant from = timer.fireAt().isAfter(now) ? timer.fireAt() : now;
    Instant end = from.plus(EXTENSION);
    if (!store.moveTimer(w.id(), end)) {
      return Later.refuse(
          "Already ended", Status.INFO, "this maintenance window has ended already");
    }
    cancelReminders(w.id());
    remindBefore(w, now, end);
    audit
        .entry(AuditEntry.Kind.NOTICE, a.platform(), a.caller())
        .hosts(w.hosts())
        .action(w.verb())
        .detail("maintenance window " + w.id() + " extended to " + end)
        .record();
    return ChatReply.replace(
        reminder(
            w, end, "Maintenance window extended by " + Mention.of(a.caller()).token() + ": "));
  }

  private ChatReply endNow(ChatAction a, Window w) {
    Instant now = clock.instant();
    if (!store.moveTimer(w.id(), now) || !store.claimTimer(w.id(), ticker.replica(), now)) {
      return Later.refuse(
          "Already ended", Status.INFO, "this maintenance window has ended already");
    }
    audit
        .entry(AuditEntry.Kind.NOTICE, a.platform(), a.caller())
        .hosts(w.hosts())
        .action(w.verb())
        .detail("maintenance window " + w.id() + " ended early")
        .record();
    String why = "ended early by " + a.caller().user();
    ticker.fireClaimed(store.timer(w.id()).orElseThrow(), t -> end(w, why));
    return ChatReply.replace(WindowMessages.endedEarly(w, Mention.of(a.caller()).token()));
  }

  // --- listing

  /** {@code windows}: the open windows on hosts the caller may see, each with End now. */
  public ChatMessage list(String platform, String channel, Caller caller, String permission) {
    List<String> lines = new ArrayList<>();
    List<Button> buttons = new ArrayList<>();
    for (Timer t : store.pendingTimers(END)) {
      Window w = read(t);
      if (permissions.denial(caller, permission, w.hosts()).isPresent()) {
        continue;
      }
      int n = lines.size() + 1;
      lines.add(
          "#"
              + n
              + " "
              + String.join(", ", w.hosts())
              + w.scope()
              + ": "
              + w.verb()
              + " by "
              + w.requesterName()
              + (w.reason() == null ? "" : ", reason: " + w.reason())
              + "; ends at "
              + later.time(t.fireAt()));
      buttons.add(
          new Button(
              "End now #" + n,
              END_BUTTON,
              later.sign(w.id(), platform, channel),
              Button.Style.DANGER));
    }
    if (lines.isEmpty()) {
      lines.add("No maintenance window is open.");
    }
    return new ChatMessage(
        "Maintenance windows", Status.INFO, lines, List.of(), buttons, false, true);
  }

  private Button button(String label, String action, Window w) {
    return new Button(
        label,
        action,
        later.sign(w.id(), w.platform(), w.channel()),
        action.equals(END_BUTTON) ? Button.Style.DANGER : Button.Style.PRIMARY);
  }

  private void post(Window w, ChatMessage m) {
    ChatSink sink = sinks.get(w.platform());
    if (sink == null) {
      LOG.warn(
          "cannot tell {} channel {}: no such platform now: {}",
          w.platform(),
          w.channel(),
          m.title());
      return;
    }
    sink.post(w.channel(), null, m);
  }

  /** Hosts in an open window are busy: a prompt for one says whose window it is and until when. */
  HostBusy busy() {
    return HostBusy.whereNamed(
        () -> store.pendingTimers(END).stream().map(t -> Map.entry(t, read(t))).toList(),
        e -> e.getValue().hosts(),
        (e, h) ->
            new HostBusy.Busy(
                h,
                "a maintenance window ("
                    + e.getValue().verb()
                    + ") until "
                    + later.time(e.getKey().fireAt()),
                e.getValue().requesterName(),
                null,
                e.getValue().opened()));
  }

  private static Window read(Timer t) {
    return Later.read(t.payload(), Window.class);
  }

  private static String key(Launch l) {
    return l.platform() + "|" + l.channel() + "|" + l.message();
  }
}
