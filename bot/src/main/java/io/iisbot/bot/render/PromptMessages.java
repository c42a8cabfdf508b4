package io.iisbot.bot.render;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.bot.confirm.Pinned;
import io.iisbot.iis.Durations;
import io.iisbot.iis.engine.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Confirmation prompts: the plan of every host (sums, and the worst host named), the batches, who
 * asked and why, and the buttons. Stateless and thread-safe.
 */
public final class PromptMessages {

  /** Names listed in a field before the rest are counted instead. */
  static final int NAMES_SHOWN = 12;

  private PromptMessages() {}

  /**
   * The prompt for a previewed command.
   *
   * @param plans each host's plan, in the order the hosts run
   * @param changes what differs from a prompt this one replaces; empty for a new prompt
   */
  public static ChatMessage prompt(
      Pinned pinned, List<Plan> plans, String requester, String token, List<String> changes) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "Requested by "
            + requester
            + (pinned.reason() == null ? "" : ", reason: " + pinned.reason()));
    if (!changes.isEmpty()) {
      lines.add(
          "⚠ Changed since it was last shown, so nothing ran; confirm again if this is right:");
      changes.forEach(c -> lines.add("  • " + c));
    }
    boolean many = plans.size() > 1;
    Plan model = plans.stream().filter(p -> !p.isNoop()).findFirst().orElse(plans.get(0));
    if (many && !model.steps().isEmpty()) {
      lines.add("On each host (as on " + model.host() + "):");
    }
    model.steps().forEach(s -> lines.add("• " + s.name() + ": " + s.description()));
    for (Plan p : plans) {
      if (p.isNoop()) {
        lines.add("– " + p.host() + ": nothing to do");
      }
    }
    // The same warning on every host reads once; others name the hosts they concern.
    java.util.Map<String, List<String>> warned = new java.util.LinkedHashMap<>();
    for (Plan p : plans) {
      p.warnings().forEach(w -> warned.computeIfAbsent(w, x -> new ArrayList<>()).add(p.host()));
    }
    warned.forEach(
        (w, on) ->
            lines.add(
                "⚠ "
                    + (!many || on.size() == plans.size() ? "" : String.join(", ", on) + ": ")
                    + w));
    if (pinned.secondApprover()) {
      lines.add(
          "Policy "
              + String.join(", ", pinned.policies())
              + ": a second person with the right role must approve after you confirm.");
    }
    return new ChatMessage(
        "Confirm: " + pinned.command(),
        Status.PENDING,
        lines,
        fields(pinned, plans),
        List.of(
            new Button("Confirm", Messages.CONFIRM, token, Button.Style.DANGER),
            new Button("Cancel", Messages.CANCEL, token, Button.Style.DEFAULT)),
        false,
        false);
  }

  private static List<Field> fields(Pinned pinned, List<Plan> plans) {
    List<String> hosts = pinned.hosts();
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("Hosts", hosts.size() + ": " + names(hosts)));
    int batch = pinned.batch();
    if (hosts.size() > 1) {
      int batches = (hosts.size() + batch - 1) / batch;
      fields.add(
          new Field("Batches", batches + " of up to " + batch + ", stopping at the first failure"));
    }
    touched(fields, "Sites", plans, Plan::sites);
    touched(fields, "Pools", plans, Plan::pools);
    touched(fields, "Services", plans, Plan::services);
    int total = plans.stream().mapToInt(Plan::activeRequests).sum();
    Plan busiest = plans.stream().max(Comparator.comparingInt(Plan::activeRequests)).orElseThrow();
    fields.add(
        new Field(
            "Requests in flight",
            plans.size() == 1
                ? total + " on " + busiest.host()
                : total
                    + " in all"
                    + (total == 0
                        ? ""
                        : "; most on " + busiest.host() + " (" + busiest.activeRequests() + ")")));
    List<String> atRisk = new ArrayList<>();
    for (Plan p : plans) {
      p.workersAtRisk()
          .forEach(
              w ->
                  atRisk.add(
                      (plans.size() > 1 ? p.host() + " " : "") + w.pid() + " (" + w.pool() + ")"));
    }
    if (!atRisk.isEmpty()) {
      fields.add(new Field("Workers killed if they outlive the deadline", names(atRisk)));
    }
    Plan slowest = plans.stream().max(Comparator.comparing(Plan::worstCase)).orElseThrow();
    String takes = Durations.format(slowest.worstCase()) + " per host";
    if (plans.size() > 1) {
      takes +=
          " (" + slowest.host() + "), about " + Durations.format(total(plans, batch)) + " in all";
    }
    fields.add(new Field("Takes at most", takes));
    return fields;
  }

  /** The worst case of a rolling run: each batch takes as long as its slowest host. */
  private static Duration total(List<Plan> plans, int batch) {
    Duration sum = Duration.ZERO;
    for (int i = 0; i < plans.size(); i += batch) {
      sum =
          sum.plus(
              plans.subList(i, Math.min(plans.size(), i + batch)).stream()
                  .map(Plan::worstCase)
                  .max(Comparator.naturalOrder())
                  .orElse(Duration.ZERO));
    }
    return sum;
  }

  private static void touched(
      List<Field> fields,
      String name,
      List<Plan> plans,
      java.util.function.Function<Plan, List<String>> of) {
    Set<String> all = new LinkedHashSet<>();
    plans.forEach(p -> all.addAll(of.apply(p)));
    if (all.isEmpty()) {
      return;
    }
    long hostsTouched = plans.stream().filter(p -> !of.apply(p).isEmpty()).count();
    fields.add(
        new Field(
            name,
            names(List.copyOf(all))
                + (plans.size() > 1
                    ? " (on " + hostsTouched + " of " + plans.size() + " hosts)"
                    : "")));
  }

  private static String names(List<String> names) {
    if (names.size() <= NAMES_SHOWN) {
      return String.join(", ", names);
    }
    return names.stream().limit(NAMES_SHOWN).collect(Collectors.joining(", "))
        + " and "
        + (names.size() - NAMES_SHOWN)
        + " more";
  }

  /**
   * The prompt with a line for each host that is busy, right after who asked: what runs there, who
   * started it and since when.
   */
  public static ChatMessage withBusy(ChatMessage prompt, List<String> busy) {
    if (busy.isEmpty()) {
      return prompt;
    }
    List<String> lines = new ArrayList<>(prompt.lines());
    lines.addAll(Math.min(1, lines.size()), busy);
    return new ChatMessage(
        prompt.title(),
        prompt.status(),
        lines,
        prompt.fields(),
        prompt.buttons(),
        prompt.ephemeral(),
        prompt.last());
  }

  /** The prompt after the requester confirmed, waiting for a second approver. */
  public static ChatMessage awaitingApproval(Pinned pinned, String confirmedBy, String token) {
    return new ChatMessage(
        "Awaiting a second approver: " + pinned.command(),
        Status.PENDING,
        List.of(
            "Confirmed by "
                + confirmedBy
                + ". Policy "
                + String.join(", ", pinned.policies())
                + " needs a second person with the right role to approve."),
        List.of(new Field("Hosts", pinned.hosts().size() + ": " + names(pinned.hosts()))),
        List.of(
            new Button("Approve", Messages.APPROVE, token, Button.Style.DANGER),
            new Button("Cancel", Messages.CANCEL, token, Button.Style.DEFAULT)),
        false,
        false);
  }
}
