package io.iisbot.bot.core;

import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatCommand;
import io.iisbot.adapters.chat.ChatHandler;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Mention;
import io.iisbot.adapters.chat.SignInLinks;
import io.iisbot.bot.command.CommandParser;
import io.iisbot.bot.command.CommandRegistry;
import io.iisbot.bot.command.Invocation;
import io.iisbot.bot.command.ParsedCommand;
import io.iisbot.bot.command.UsageException;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.lb.Balancing;
import io.iisbot.bot.policy.People;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.policy.Policies;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.StoreException;
import io.iisbot.iis.agent.AgentException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brain between the chat platforms and the agents: parses a command and hands it to its handler
 * in the {@link CommandRegistry}; takes the clicks on confirmation prompts and runs what was
 * confirmed across the hosts in rolling batches, editing the prompt into live progress and the
 * result. Everything is audited.
 *
 * <p>Handlers return the messages to show; operations run on the bot's executor and edit their
 * message through the platform's {@link ChatSink}. Thread-safe.
 */
public final class Bot implements ChatHandler {

  /**
   * What the bot is made of.
   *
   * @param commandName what users type before a command, such as {@code /iis}
   * @param sinks each platform's chat by name; read at use, so platforms made after the bot may be
   *     added to it
   * @param runner runs operations and previews
   * @param scheduler delays progress edits
   * @param signIn issues console sign-in links once a platform offers them; asked at each use
   * @param timeZone the zone of {@code --at} times and of the times the bot shows
   */
  public record Parts(
      String commandName,
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
      Supplier<Optional<SignInLinks>> signIn,
      ZoneId timeZone) {}

  /** How often the bot looks for due timers (windows' ends, reminders, scheduled runs). */
  public static final Duration TIMER_TICK = Duration.ofSeconds(2);

  /**
   * A replica that has not beaten in the store for this long is taken for dead: another takes its
   * in-flight operations over. Five of its beats (one per {@link #TIMER_TICK}).
   */
  public static final Duration REPLICA_STALE = TIMER_TICK.multipliedBy(5);

  private final People people;
  private final CommandRegistry registry;
  private final CommandParser parser;
  private final Runs runs;
  private final Prompts prompts;
  private final Map<String, ClickHandler> clicks = new HashMap<>();
  private final OperationTraces traces;
  private final Ticker ticker;
  private final ScheduledExecutorService scheduler;
  private final BotStore store;
  private final Clock clock;
  private final String replica = Ids.random("bot");
  private final Audit audit;

  private static final Logger LOG = LoggerFactory.getLogger(Bot.class);

  /** What a state-changing command or click gets while the store cannot be written. */
  static final String STORE_DOWN =
      "the bot cannot write its audit trail right now; nothing was done — try again in a minute";

  private volatile Telemetry telemetry = Telemetry.NONE;

  /**
   * @param traces where the details of operations this bot runs are kept (the console shows them)
   * @param commands makes the commands, given what the bot offers their handlers
   */
  public Bot(Parts p, OperationTraces traces, Function<CommandServices, CommandRegistry> commands) {
    this.people = p.people();
    this.traces = traces;
    this.store = p.store();
    this.clock = p.clock();
    Audit audit = new Audit(p.store(), p.clock(), new PendingWrites(p.runner(), p.scheduler()));
    this.audit = audit;
    LostOperations lost =
        new LostOperations(
            p.hosts(),
            p.store(),
            p.sinks(),
            audit,
            p.clock(),
            p.runner(),
            p.scheduler(),
            p.commandName());
    RunningOperations running = new RunningOperations(p.store(), lost);
    // What keeps a host busy: a running operation, and (added below, once made) an open window or
    // a scheduled run; asked when a prompt opens.
    List<HostBusy> busy = new CopyOnWriteArrayList<>(List.of(running));
    Prompts prompts =
        new Prompts(
            p.hosts(),
            p.policies(),
            p.people(),
            p.signer(),
            p.store(),
            p.runner(),
            p.clock(),
            hosts -> HostBusy.all(busy).busy(hosts),
            p.timeZone());
    this.runs =
        new Runs(
            p.hosts(),
            p.store(),
            p.sinks(),
            audit,
            traces,
            p.clock(),
            p.runner(),
            p.scheduler(),
            p.signer(),
            lost,
            replica);
    runs.listen(running);
    this.prompts = prompts;
    this.scheduler = p.scheduler();
    this.ticker = new Ticker(p.store(), p.clock(), p.runner(), replica);
    Later later = new Later(p.signer(), audit, p.clock(), p.timeZone());
    // Windows and schedules parse commands only when their timers fire, after the parser is made.
    Function<String, ParsedCommand> parse = this::parse;
    Windows windows =
        new Windows(
            p.commandName(),
            p.store(),
            p.sinks(),
            p.permissions(),
            audit,
            p.clock(),
            runs,
            prompts,
            parse,
            ticker,
            later);
    Schedules schedules =
        new Schedules(
            p.store(),
            p.sinks(),
            p.permissions(),
            p.people(),
            audit,
            p.clock(),
            runs,
            prompts,
            parse,
            ticker,
            later);
    busy.add(windows.busy());
    busy.add(schedules.busy());
    this.registry =
        commands.apply(
            new CommandServices(
                p.commandName(),
                p.hosts(),
                p.permissions(),
                new HistoryReader(p.hosts(), p.permissions(), p.store()),
                prompts,
                audit,
                p.clock(),
                p.signIn(),
                windows,
                schedules,
                lost,
                p.runner()));
    this.parser = new CommandParser(registry, p.commandName());
    register(
        new Buttons(
            p.signer(),
            p.store(),
            p.people(),
            p.permissions(),
            parser,
            prompts,
            runs,
            schedules,
            audit,
            p.clock()));
    register(
        new OperationButtons(
            p.signer(),
            p.store(),
            p.permissions(),
            p.hosts(),
            runs,
            audit,
            p.clock(),
            p.commandName(),
            this::onCommand));
    register(windows);
    register(schedules);
    runs.listen(windows);
  }

  private ParsedCommand parse(String text) {
    return parser.parse(text);
  }

  private void register(ClickHandler handler) {
    for (String action : handler.actions()) {
      if (clicks.putIfAbsent(action, handler) != null) {
        throw new IllegalArgumentException("two handlers answer the button " + action);
      }
    }
  }

  /**
   * Takes the hosts behind load balancers out before they stop and back after they start, and
   * checks prompts against each balancer's minInService; none until this is called.
   */
  public Bot useBalancing(Balancing balancing) {
    prompts.balancing(balancing);
    runs.balancing(balancing);
    return this;
  }

  /**
   * Adds a listener told when each operation from now on starts and ends, whoever started it: how
   * announcements (and windows, schedules) follow every operation.
   */
  public void listen(OperationListener listener) {
    runs.listen(listener);
  }

  /** The commands this bot understands. */
  public CommandRegistry commands() {
    return registry;
  }

  /**
   * Tells {@code t} of every command answered and every audit entry recorded from now on: how the
   * application keeps its metrics.
   */
  public void observe(Telemetry t) {
    this.telemetry = java.util.Objects.requireNonNull(t, "telemetry");
    audit.observe(t);
  }

  /**
   * How many operations this bot follows now: those it started and those it re-attached to. A bot
   * that stops leaves them running on their agents, for the next start to re-attach to.
   */
  public int following() {
    return runs.following();
  }

  @Override
  public ChatReply onCommand(ChatCommand typed) {
    // [0] the verb, [1] how it was answered when not by the reply's status
    String[] told = {Telemetry.UNPARSED, null};
    String outcome = "error";
    long start = System.nanoTime();
    try {
      ChatReply reply = command(typed, told);
      outcome =
          told[1] != null
              ? told[1]
              : reply.messages().isEmpty()
                  ? "none"
                  : reply.messages().get(0).status().name().toLowerCase(java.util.Locale.ROOT);
      return reply;
    } finally {
      try {
        telemetry.command(told[0], outcome);
        telemetry.answered(typed.platform(), Duration.ofNanos(System.nanoTime() - start));
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Bot.class).warn("telemetry failed on a command", e);
      }
    }
  }

  private ChatReply command(ChatCommand typed, String[] told) {
    // Text people type never carries a person token: no one can write a mention the bot did not.
    ChatCommand c =
        new ChatCommand(
            typed.platform(),
            people.expand(typed.caller()),
            typed.channel(),
            Mention.strip(typed.text()));
    ParsedCommand cmd;
    try {
      cmd = parser.parse(c.text());
    } catch (UsageException e) {
      told[1] = "usage";
      return Replies.privateReply(
          "Not understood", Status.WARNING, e.getMessage(), "Usage: " + e.usage());
    }
    told[0] = cmd.verb();
    Invocation call = new Invocation(c.platform(), c.caller(), c.channel(), c.text(), cmd);
    if (cmd.spec().changesState() && audit.pending().backlog() > 0) {
      // Writes of what already ran still wait for the store: nothing new runs unaudited.
      return storeDown();
    }
    try {
      return registry.command(cmd).handle(call);
    } catch (StoreException e) {
      LOG.warn("store unavailable for a command: {}", e.getMessage());
      return storeDown();
    } catch (HostDirectory.Unresolved e) {
      told[1] = "unknown_target";
      return Replies.privateReply(
          "Unknown target",
          Status.WARNING,
          e.getMessage(),
          "Usage: " + call.usage(parser.commandName()));
    } catch (AgentException e) {
      told[1] = "agent_error";
      return Replies.privateReply("Agent problem", Status.FAILURE, e.getMessage());
    }
  }

  @Override
  public ChatReply onAction(ChatAction clicked) {
    long start = System.nanoTime();
    try {
      return click(clicked);
    } finally {
      try {
        telemetry.answered(clicked.platform(), Duration.ofNanos(System.nanoTime() - start));
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Bot.class).warn("telemetry failed on a click", e);
      }
    }
  }

  private ChatReply click(ChatAction clicked) {
    ClickHandler handler = clicks.get(clicked.action());
    if (handler == null) {
      return Replies.privateReply(
          "Unknown button", Status.WARNING, "this button is not one iisbot knows");
    }
    try {
      return handler.click(
          new ChatAction(
              clicked.platform(),
              people.expand(clicked.caller()),
              clicked.channel(),
              clicked.message(),
              clicked.action(),
              clicked.value()));
    } catch (StoreException e) {
      // A click that needs the store (Confirm takes its prompt there first) has done nothing yet.
      LOG.warn("store unavailable for a click on {}: {}", clicked.action(), e.getMessage());
      return storeDown();
    }
  }

  private static ChatReply storeDown() {
    return Replies.privateReply("Store unavailable", Status.FAILURE, STORE_DOWN);
  }

  /**
   * Follows every operation the store says is in flight that no live replica follows (after a
   * restart; when another replica died) and posts its result in place of its progress message.
   * {@link #startTimers()} does it every {@link #TIMER_TICK} too.
   */
  public void reattach() {
    runs.reattach(clock.instant().minus(REPLICA_STALE));
  }

  /** This bot's name in the store: the owner of the operations it follows. */
  public String replica() {
    return replica;
  }

  /**
   * Tells the store this replica stops, so another takes its running operations over at once rather
   * than when its beat goes stale. Call after the bot's executor stopped.
   */
  public void leave() {
    try {
      store.leave(replica);
    } catch (RuntimeException e) {
      LOG.warn("could not tell the store that replica {} stops: {}", replica, e.getMessage());
    }
  }

  /**
   * Fires the store's timers that are due by the bot's clock: windows' ends and reminders,
   * scheduled runs. {@link #startTimers()} calls it every {@link #TIMER_TICK}; tests call it after
   * moving virtual time.
   */
  public void tickTimers() {
    ticker.tick();
  }

  /**
   * Every {@link #TIMER_TICK} on the bot's scheduler until it shuts down: beats in the store (this
   * replica is alive), takes over the operations and claimed timers of replicas that stopped
   * beating, and fires due timers.
   */
  public void startTimers() {
    beat();
    long ms = TIMER_TICK.toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            heartbeat();
          } catch (RuntimeException e) {
            // A store that is down now may be back at the next beat; a throw would stop them all.
            LOG.warn("beating in the store failed; trying again in {} ms: {}", ms, e.getMessage());
          }
        },
        ms,
        ms,
        java.util.concurrent.TimeUnit.MILLISECONDS);
    ticker.start(scheduler, TIMER_TICK);
  }

  private void beat() {
    store.beat(replica, clock.instant());
  }

  /**
   * Beats in the store, then takes over what replicas that stopped beating left: their in-flight
   * operations (followed to their end) and their claimed, unfinished timers; and applies the Pause,
   * Continue and Abort clicks other replicas passed on for operations running here. {@link
   * #startTimers()} calls it every {@link #TIMER_TICK}; tests call it after moving virtual time.
   */
  public void heartbeat() {
    beat();
    reattach();
    runs.applyControlRequests();
    ticker.reclaim(clock.instant().minus(REPLICA_STALE));
  }

  /** The details of operations this bot ran, for the console's operation view. */
  public OperationTraces traces() {
    return traces;
  }
}
