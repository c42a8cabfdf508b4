package io.iisbot.bot.core;

import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Mention;
import io.iisbot.bot.fleet.FleetResult;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.InFlight;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Hosts busy because an operation runs on them: every operation in flight in the store holds its
 * hosts' leases, or will take them when its batch comes, until it ends. The store is shared by
 * every replica, so this sees operations any of them runs; the requester of one this bot started is
 * shown as its prompt showed them, of any other by their identity. Thread-safe.
 */
final class RunningOperations implements HostBusy, OperationListener {

  private final BotStore store;
  private final LostOperations lost;
  private final Map<String, String> requesterByOperation = new ConcurrentHashMap<>();

  @Override
  public void started(String operation, Launch launch, Map<String, String> perHost) {
    perHost.values().forEach(id -> requesterByOperation.put(id, launch.pinned().requesterName()));
  }

  @Override
  public void finished(String operation, Launch launch, FleetResult result) {
    requesterByOperation.keySet().removeIf(id -> id.startsWith(operation + "-"));
  }

  RunningOperations(BotStore store, LostOperations lost) {
    this.store = store;
    this.lost = lost;
  }

  @Override
  public List<Busy> busy(List<String> hosts) {
    Map<String, InFlight> byHost =
        store.inFlight().stream().collect(Collectors.toMap(InFlight::host, op -> op, (a, b) -> a));
    List<Busy> out = new ArrayList<>();
    for (String h : hosts) {
      InFlight op = byHost.get(h);
      if (op != null) {
        out.add(
            new Busy(
                h,
                op.action()
                    + (op.target().equals("host") ? "" : " " + op.target())
                    + (op.lost()
                        ? ", whose fate is unknown since its agent stopped answering (an admin can"
                            + " free it with "
                            + lost.releaseUsage(h)
                            + ")"
                        : ""),
                requesterByOperation.getOrDefault(op.operationId(), person(op.requester())),
                op.operationId(),
                op.startedAt()));
      }
    }
    return out;
  }

  private static String person(String identity) {
    try {
      return Mention.of(Identity.parse(identity)).token();
    } catch (IllegalArgumentException e) {
      return identity;
    }
  }
}
