package io.iisbot.bot.confirm;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.iisbot.iis.agent.AgentJson;
import io.iisbot.iis.engine.OperationRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a confirmation prompt showed and therefore what its Confirm may run: the command, the hosts
 * it resolved to, the request, the batch, and each host's plan. At the click the bot works all of
 * it out again; any difference runs nothing and puts a fresh prompt in its place.
 *
 * @param command the command as typed
 * @param verb the command's name ({@code stop})
 * @param hosts the hosts, in the order they run
 * @param batch how many hosts at a time, after the policies
 * @param reason the {@code --reason}, or null
 * @param plans each host's plan digest
 * @param secondApprover whether someone other than the requester must approve
 * @param policies the policies that applied, for messages
 * @param requesterName how the requester was shown on the prompt
 * @param window how long the maintenance window it opens lasts ({@code --for}), or null for none
 * @param at when it runs ({@code --at}), or null to run once confirmed
 * @param pauseBetween how long to wait between batches, or null for no wait
 */
public record Pinned(
    String command,
    String verb,
    OperationRequest request,
    List<String> hosts,
    int batch,
    String reason,
    Map<String, PlanDigest> plans,
    boolean secondApprover,
    List<String> policies,
    String requesterName,
    java.time.Duration window,
    java.time.Instant at,
    java.time.Duration pauseBetween) {

  public Pinned {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(request, "request");
    hosts = List.copyOf(hosts);
    plans = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(plans));
    policies = List.copyOf(policies);
    Objects.requireNonNull(requesterName, "requesterName");
  }

  /** As the store keeps it. */
  /** What part of each host it acts on, as the audit writes it: {@code site:Default Web Site}. */
  public String scopeText() {
    return AgentJson.scopeText(request.scope());
  }

  public String toJson() {
    try {
      return AgentJson.lenient().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a prompt's pinned plan", e);
    }
  }

  /**
   * @throws IllegalArgumentException when the text is not one this bot wrote
   */
  public static Pinned fromJson(String json) {
    try {
      return AgentJson.lenient().readValue(json, Pinned.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a prompt's pinned plan cannot be read", e);
    }
  }

  /**
   * What differs in {@code now}, worked out again at the click, for the person who clicked; empty
   * when it runs exactly what was confirmed.
   */
  public List<String> changesTo(Pinned now) {
    List<String> out = new ArrayList<>();
    List<String> joined = new ArrayList<>(now.hosts);
    joined.removeAll(hosts);
    List<String> left = new ArrayList<>(hosts);
    left.removeAll(now.hosts);
    if (!joined.isEmpty()) {
      out.add(
          String.join(", ", joined)
              + " now also match"
              + (joined.size() == 1 ? "es" : "")
              + " the target");
    }
    if (!left.isEmpty()) {
      out.add(
          String.join(", ", left)
              + " no longer match"
              + (left.size() == 1 ? "es" : "")
              + " the target");
    }
    if (!request.equals(now.request)) {
      out.add("the request is now " + now.request.describe() + " (was " + request.describe() + ")");
    }
    if (!Objects.equals(at, now.at)) {
      out.add("it would now run at " + now.at + " (was " + at + ")");
    }
    if (batch != now.batch) {
      out.add("batches are now of " + now.batch + " (were of " + batch + ")");
    }
    if (!Objects.equals(pauseBetween, now.pauseBetween)) {
      out.add("the pause between batches changed");
    }
    if (secondApprover != now.secondApprover) {
      out.add(
          now.secondApprover
              ? "a second approver is now needed"
              : "a second approver is no longer needed");
    }
    for (String h : hosts) {
      PlanDigest was = plans.get(h);
      PlanDigest is = now.plans.get(h);
      if (was == null || is == null || was.identity().equals(is.identity())) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      difference(parts, "sites", was.sites(), is.sites());
      difference(parts, "pools", was.pools(), is.pools());
      difference(parts, "services", was.services(), is.services());
      out.add(h + ": " + (parts.isEmpty() ? "its plan changed" : String.join("; ", parts)));
    }
    return out;
  }

  private static void difference(List<String> out, String what, List<String> was, List<String> is) {
    if (!was.equals(is)) {
      out.add(what + " now " + shown(is) + " (were " + shown(was) + ")");
    }
  }

  private static String shown(List<String> names) {
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
