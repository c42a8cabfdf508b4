package io.iisbot.bot.core;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.bot.command.ParsedCommand;
import io.iisbot.bot.confirm.ConfirmToken;
import io.iisbot.bot.confirm.Pinned;
import io.iisbot.bot.confirm.PlanDigest;
import io.iisbot.bot.policy.Policies;
import io.iisbot.bot.render.PromptMessages;
import io.iisbot.bot.store.Prompt;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Confirmation prompts: working a command out (hosts, policies, every host's plan) into what a
 * prompt pins, and opening a prompt in the store with buttons that carry a signed reference to it.
 */
final class Prompts {

  /**
   * A command worked out: what to pin, the plans behind it for the message, and how long its prompt
   * may wait for a click.
   */
  record Worked(Pinned pinned, List<Plan> plans, java.time.Duration timeout) {}

  private final BotContext ctx;

  Prompts(BotContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Resolves the target, applies the policies and previews every host, as of now.
   *
   * @throws HostDirectory.Unresolved when the target names nothing
   * @throws Previews.Refused when a host cannot be previewed or its agent refuses the request
   */
  Worked workOut(String text, ParsedCommand cmd, String requesterName) {
    List<String> hosts = ctx.p.hosts().resolve(cmd.target());
    String verb = cmd.spec().name();
    Policies.Effective effective = ctx.p.policies().effective(verb, hosts);
    OperationRequest request = cmd.request();
    List<Plan> plans = Previews.of(ctx.p.hosts(), hosts, request, ctx.p.runner());
    Map<String, PlanDigest> digests = new LinkedHashMap<>();
    plans.forEach(p -> digests.put(p.host(), PlanDigest.of(p)));
    Pinned pinned =
        new Pinned(
            text.strip(),
            verb,
            request,
            hosts,
            effective.batch(cmd.batch()),
            cmd.reason(),
            digests,
            effective.secondApprover(),
            effective.names(),
            requesterName);
    return new Worked(pinned, plans, effective.confirmTimeout());
  }

  /**
   * Keeps a new prompt and renders it.
   *
   * @param messageRef the message it will be shown on, when known (a prompt replacing another in
   *     place); null for a new message, bound at its first click
   * @param requester who asked (the original requester when this replaces an older prompt)
   * @param changes why it replaces an older prompt; empty for a new one
   */
  ChatMessage open(
      String platform,
      String channel,
      String messageRef,
      io.iisbot.adapters.chat.Identity requester,
      Worked worked,
      List<String> changes) {
    java.time.Instant now = ctx.now();
    java.time.Instant expires = now.plus(worked.timeout());
    String id = BotContext.newId("c");
    ctx.p
        .store()
        .savePrompt(
            new Prompt(
                id,
                platform,
                channel,
                messageRef,
                requester.toString(),
                ctx.p.people().key(requester),
                worked.pinned().toJson(),
                Prompt.State.PENDING,
                null,
                now,
                expires));
    String token = ctx.p.signer().sign(new ConfirmToken(id, platform, channel, expires));
    return PromptMessages.prompt(
        worked.pinned(), worked.plans(), worked.pinned().requesterName(), token, changes);
  }
}
