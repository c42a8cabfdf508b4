package io.iisbot.bot.core;

import io.iisbot.iis.agent.AgentException;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Every host's plan, asked of all agents at once: a prompt shows them all, and each agent checks
 * its own allow-list against its own plan before Confirm is offered.
 */
public final class Previews {

  /** Some hosts could not be previewed; each line names a host and why, for the requester. */
  public static final class Refused extends RuntimeException {
    private final List<String> problems;

    Refused(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    /** One line per host that could not be previewed, naming it. */
    public List<String> problems() {
      return problems;
    }
  }

  private Previews() {}

  /**
   * @return the plans, in the order of {@code hosts}
   * @throws Refused naming every host that could not be previewed or refused the request
   */
  static List<Plan> of(
      HostDirectory directory, List<String> hosts, OperationRequest request, Executor pool) {
    List<CompletableFuture<Plan>> asked = new ArrayList<>();
    for (String h : hosts) {
      asked.add(CompletableFuture.supplyAsync(() -> directory.agent(h).plan(request), pool));
    }
    List<Plan> plans = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      try {
        plans.add(asked.get(i).join());
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof AgentException) {
          problems.add(cause.getMessage()); // it names the host's agent already
        } else if (cause instanceof IllegalArgumentException
            || cause instanceof HostDirectory.Unresolved) {
          problems.add(hosts.get(i) + ": " + cause.getMessage());
        } else {
          throw e;
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new Refused(problems);
    }
    return plans;
  }
}
