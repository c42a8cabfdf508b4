package io.iisbot.bot.core;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.adapters.chat.SignInLinks;
import io.iisbot.bot.commands.StandardCommands;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.policy.People;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.policy.Policies;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.SqliteStore;
import io.iisbot.config.HostPattern;
import io.iisbot.config.Policy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A whole bot for tests: real agents on loopback over simulated hosts, a real SQLite store, an
 * in-memory chat, and the roles, people and policies a test chooses. Every bot it makes shares the
 * store and the chat, as replicas (or a restarted bot) would.
 */
final class BotHarness implements AutoCloseable {

  static final String PLATFORM = "memory";
  static final byte[] SECRET =
      "bot-test-secret-0123456789abcdef-0123".getBytes(StandardCharsets.UTF_8);

  static final Caller ALICE = caller("slack:UALICE", "Alice", "slack-group:SONCALL");
  static final Caller BOB = caller("slack:UBOB", "Bob", "slack-group:SONCALL");
  static final Caller MALLORY = caller("slack:UMAL", "Mallory");
  static final Caller VIEWER = caller("slack:UVIEW", "Viewer", "slack-group:SVIEW");

  static final Map<String, Set<String>> GROUPS =
      Map.of(
          "web01", Set.of("web"),
          "web02", Set.of("web", "production"),
          "web03", Set.of("web"),
          "web04", Set.of());

  final LoopbackAgents fleet;
  final LocalChat chat = new LocalChat(PLATFORM, null);
  final ExecutorService runner = Executors.newCachedThreadPool();
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final BotStore store;

  /** The roles of the bots made from now on. */
  List<Permissions.Role> roles =
      new ArrayList<>(
          List.of(
              new Permissions.Role(
                  "oncall",
                  Set.of(Identity.parse("slack-group:SONCALL")),
                  List.of(new Permissions.Grant(Set.of("*"), List.of(new HostPattern("*"))))),
              new Permissions.Role(
                  "viewers",
                  Set.of(Identity.parse("slack-group:SVIEW")),
                  List.of(
                      new Permissions.Grant(
                          Set.of("status", "events", "history"), List.of(new HostPattern("*")))))));

  /** The policies of the bots made from now on: by default, stops of @production need two. */
  List<Policy> policies =
      new ArrayList<>(
          List.of(
              new Policy(
                  "production-stop",
                  Set.of("stop"),
                  List.of(new HostPattern("@production")),
                  true,
                  Duration.ofMinutes(2),
                  OptionalInt.empty())));

  /**
   * Agent clients the bots made from now on use instead of the fleet's, by host: an agent behind a
   * link a test can cut, or one that misbehaves.
   */
  final Map<String, io.iisbot.iis.agent.AgentClient> clients = new java.util.HashMap<>();

  /** The people of the bots made from now on. */
  People people = People.none();

  BotHarness(LoopbackAgents fleet, Path dir) {
    this(fleet, SqliteStore.open(dir.resolve("iisbot.db"), fleet.clock));
  }

  /** A harness whose bots use {@code store} (a replica's own connection to a shared database). */
  BotHarness(LoopbackAgents fleet, BotStore store) {
    this.fleet = fleet;
    this.store = store;
  }

  static Caller caller(String user, String name, String... memberships) {
    return new Caller(
        Identity.parse(user), List.of(memberships).stream().map(Identity::parse).toList(), name);
  }

  /** A bot over these of the fleet's hosts (all when none are named), connected to the chat. */
  Bot bot(String... hostNames) {
    return bot(runner, hostNames);
  }

  Bot bot(ExecutorService executor, String... hostNames) {
    return bot(executor, store, hostNames);
  }

  /** A bot on its own store: a replica sharing the database (and the chat) with the others. */
  Bot bot(ExecutorService executor, BotStore botStore, String... hostNames) {
    List<String> names =
        hostNames.length == 0 ? List.copyOf(fleet.agents.keySet()) : List.of(hostNames);
    List<HostDirectory.Entry> entries = new ArrayList<>();
    for (String h : names) {
      entries.add(
          new HostDirectory.Entry(
              h,
              clients.getOrDefault(h, null) != null ? clients.get(h) : fleet.client(h),
              GROUPS.getOrDefault(h, Set.of())));
    }
    HostDirectory hosts = new HostDirectory(entries);
    SignInLinks links =
        new SignInLinks() {
          @Override
          public java.net.URI issue(Caller caller) {
            return java.net.URI.create("https://iisbot.test/console/signin?t=" + caller.user());
          }

          @Override
          public Duration validity() {
            return Duration.ofMinutes(10);
          }
        };
    Bot b =
        new Bot(
            new Bot.Parts(
                "/iis",
                new Permissions(roles, GROUPS, people),
                people,
                hosts,
                new Policies(policies, Duration.ofMinutes(2), hosts::groupsOf),
                new TokenSigner(SECRET),
                botStore,
                Map.of(PLATFORM, chat),
                fleet.clock,
                executor,
                scheduler,
                () -> Optional.of(links),
                java.time.ZoneOffset.UTC),
            new OperationTraces(),
            StandardCommands::create);
    chat.connect(b);
    return b;
  }

  @Override
  public void close() {
    runner.shutdownNow();
    scheduler.shutdownNow();
    fleet.close();
    store.close();
  }
}
