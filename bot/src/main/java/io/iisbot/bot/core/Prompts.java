package io.iisbot.bot.core;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.bot.command.At;
import io.iisbot.bot.command.ParsedCommand;
import io.iisbot.bot.confirm.ConfirmToken;
import io.iisbot.bot.confirm.Pinned;
import io.iisbot.bot.confirm.PlanDigest;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.lb.Balancing;
import io.iisbot.bot.policy.People;
import io.iisbot.bot.policy.Policies;
import io.iisbot.bot.render.PromptMessages;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.Prompt;
import io.iisbot.iis.Durations;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.Plan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Confirmation prompts: working a command out (hosts, policies, every host's plan) into what a
 * prompt pins, and opening a prompt in the store with buttons that carry a signed reference to it.
 */
public final class Prompts {

  /**
   * A command worked out: what to pin, the plans behind it for the message, and how long its prompt
   * may wait for a click.
   */
  public record Worked(
      Pinned pinned, List<Plan> plans, Duration timeout, List<String> balancerLines) {
    public Worked {
      balancerLines = List.copyOf(balancerLines);
    }

    public Worked(Pinned pinned, List<Plan> plans, Duration timeout) {
      this(pinned, plans, timeout, List.of());
    }
  }

  private static final DateTimeFormatter SINCE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final HostDirectory hosts;
  private final Policies policies;
  private final People people;
  private final TokenSigner signer;
  private final BotStore store;
  private final Executor previews;
  private final Clock clock;
  private final HostBusy busy;

  /**
   * A command a policy refuses without a {@code --reason}; the message, for the user, says how to
   * add one.
   */
  public static final class ReasonRequired extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReasonRequired(String message) {
      super(message);
    }
  }

  private final ZoneId zone;
  private volatile Balancing balancing = Balancing.none();

  /**
   * @param previews runs the previews of several hosts side by side
   * @param busy says which hosts are taken, for the prompt to say so at once
   * @param zone the zone of {@code --at} times and of times shown
   */
  public Prompts(
      HostDirectory hosts,
      Policies policies,
      People people,
      TokenSigner signer,
      BotStore store,
      Executor previews,
      Clock clock,
      HostBusy busy,
      ZoneId zone) {
    this.busy = busy;
    this.hosts = hosts;
    this.policies = policies;
    this.people = people;
    this.signer = signer;
    this.store = store;
    this.previews = previews;
    this.clock = clock;
    this.zone = zone;
  }

  /** Checks and shows what operations do at the load balancers their hosts sit behind. */
  public Prompts balancing(Balancing balancing) {
    this.balancing = balancing;
    return this;
  }

  /**
   * Resolves the target, applies the policies and previews every host, as of now.
   *
   * @throws HostDirectory.Unresolved when the target names nothing
   * @throws Previews.Refused when a host cannot be previewed or its agent refuses the request
   * @throws ReasonRequired when a policy asks for a reason and the command gives none; before any
   *     host is previewed
   * @throws At.NotAhead when its {@code --at} names a time already past
   */
  public Worked workOut(String text, ParsedCommand cmd, String requesterName) {
    List<String> names = hosts.resolve(cmd.target());
    String verb = cmd.request().action().verb();
    Policies.Effective effective = policies.effective(verb, names);
    if (effective.requireReason() && (cmd.reason() == null || cmd.reason().isBlank())) {
      throw new ReasonRequired(
          "policy "
              + String.join(", ", effective.reasonRequiredBy())
              + " needs a reason for "
              + verb
              + " on "
              + String.join(", ", names)
              + ": add --reason \"why\", e.g. "
              + text.strip()
              + " --reason \"patching KB5034441\"");
    }
    OperationRequest request = cmd.request();
    List<Plan> plans = Previews.of(hosts, names, request, previews);
    Map<String, PlanDigest> digests = new LinkedHashMap<>();
    plans.forEach(p -> digests.put(p.host(), PlanDigest.of(p)));
    int batch = effective.batch(cmd.batch());
    List<String> balancerLines;
    if (cmd.noLb()) {
      balancerLines = balancing.skippedLines(names);
    } else {
      // Live from the balancers: refuses what would break a minInService, sizes rolling batches.
      Balancing.Preview lb = balancing.preview(request, names, batch);
      batch = lb.batch();
      balancerLines = lb.lines();
    }
    Pinned pinned =
        new Pinned(
            text.strip(),
            verb,
            request,
            names,
            batch,
            cmd.reason(),
            digests,
            effective.secondApprover(),
            effective.names(),
            requesterName,
            cmd.window(),
            cmd.at() == null ? null : cmd.at().resolve(clock.instant(), zone),
            cmd.pauseBetween());
    return new Worked(pinned, plans, effective.confirmTimeout(), balancerLines);
  }

  /**
   * Keeps a new prompt and renders it.
   *
   * @param messageRef the message it will be shown on, when known (a prompt replacing another in
   *     place); null for a new message, bound at its first click
   * @param requester who asked (the original requester when this replaces an older prompt)
   * @param changes why it replaces an older prompt; empty for a new one
   */
  public ChatMessage open(
      String platform,
      String channel,
      String messageRef,
      Identity requester,
      Worked worked,
      List<String> changes) {
    Instant now = clock.instant();
    Instant expires = now.plus(worked.timeout());
    String id = Ids.random("c");
    store.savePrompt(
        new Prompt(
            id,
            platform,
            channel,
            messageRef,
            requester.toString(),
            people.key(requester),
            worked.pinned().toJson(),
            Prompt.State.PENDING,
            null,
            now,
            expires));
    String token = signer.sign(new ConfirmToken(id, platform, channel, expires));
    ChatMessage shown =
        PromptMessages.withBusy(
            PromptMessages.prompt(
                worked.pinned(), worked.plans(), worked.pinned().requesterName(), token, changes),
            busy.busy(worked.pinned().hosts()).stream().map(Prompts::busyLine).toList());
    return withBalancers(withLater(shown, worked.pinned()), worked.balancerLines());
  }

  /** The prompt with the steps at the load balancers, after its first line. */
  private static ChatMessage withBalancers(ChatMessage m, List<String> balancerLines) {
    if (balancerLines.isEmpty()) {
      return m;
    }
    List<String> lines = new ArrayList<>(m.lines());
    lines.addAll(Math.min(1, lines.size()), balancerLines);
    return new ChatMessage(
        m.title(), m.status(), lines, m.fields(), m.buttons(), m.ephemeral(), m.last());
  }

  /** {@code ⚠ web01 is busy: stop site:Shop by @alice since 09:00:05 UTC (op-…-web01)}. */
  private static String busyLine(HostBusy.Busy b) {
    return "⚠ "
        + b.host()
        + " is busy: "
        + b.what()
        + " by "
        + b.by()
        + " since "
        + SINCE.format(b.since())
        + (b.operation() == null ? "" : " (operation " + b.operation() + ")")
        + "; Confirm fails while it lasts";
  }

  /** The prompt with a line for what happens later: a scheduled start, a window's end. */
  private ChatMessage withLater(ChatMessage m, Pinned pinned) {
    List<String> later = new ArrayList<>();
    if (pinned.at() != null) {
      later.add(
          "⏰ Runs at "
              + At.SHOWN.format(pinned.at().atZone(zone))
              + ", not now; permission and policies are checked again then.");
    }
    if (pinned.window() != null) {
      later.add(
          "⏳ Maintenance window of "
              + Durations.format(pinned.window())
              + ": then the bot "
              + Windows.inverse(pinned.verb())
              + "s the same hosts by itself.");
    }
    if (later.isEmpty()) {
      return m;
    }
    List<String> lines = new ArrayList<>(m.lines());
    lines.addAll(Math.min(1, lines.size()), later);
    return new ChatMessage(
        m.title(), m.status(), lines, m.fields(), m.buttons(), m.ephemeral(), m.last());
  }
}
