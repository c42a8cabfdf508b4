package io.iisbot.bot.app;

import io.iisbot.adapters.chat.BotData;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.bot.core.FanOut;
import io.iisbot.bot.core.HistoryReader;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.core.OperationTraces;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.bot.store.InFlight;
import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.agent.AgentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * The console's fleet board, history and operation details, read from the agents and the store and
 * limited as chat limits the same reads: a host's row to those who may {@code status} it, an audit
 * entry to those who may read the {@code history} of every host it names (one naming none to those
 * who may read every configured host's), an operation's details to those who may {@code status}
 * every host it ran on. Thread-safe.
 */
final class FleetBoard implements BotData {

  private final HostDirectory hosts;
  private final Permissions permissions;
  private final BotStore store;
  private final ExecutorService pool;
  private final OperationTraces traces;
  private final HistoryReader history;

  FleetBoard(
      HostDirectory hosts,
      Permissions permissions,
      BotStore store,
      ExecutorService pool,
      OperationTraces traces) {
    this.hosts = hosts;
    this.permissions = permissions;
    this.store = store;
    this.pool = pool;
    this.traces = traces;
    this.history = new HistoryReader(hosts, permissions, store);
  }

  @Override
  public Optional<Map<String, Object>> operation(Caller caller, String id) {
    Optional<Map<String, Object>> view = traces.view(id);
    view.ifPresent(v -> hostsOf(v).forEach(h -> require(caller, "status", h)));
    return view;
  }

  /** The hosts an operation's view lists. */
  private static List<String> hostsOf(Map<String, Object> view) {
    List<String> names = new ArrayList<>();
    if (view.get("hosts") instanceof List<?> rows) {
      for (Object row : rows) {
        if (row instanceof Map<?, ?> m && m.get("host") instanceof String h) {
          names.add(h);
        }
      }
    }
    return names;
  }

  /**
   * Every host the caller may see at once, so one unreachable agent does not hold up the others.
   */
  @Override
  public List<Map<String, Object>> fleet(Caller caller) {
    List<String> visible =
        hosts.names().stream().filter(h -> allowed(caller, "status", h)).toList();
    if (visible.isEmpty() && !hosts.names().isEmpty()) {
      throw forbidden(caller, "status", "see the fleet");
    }
    List<InFlight> running = store.inFlight();
    return FanOut.map(visible, FanOut.LIMIT, pool, h -> row(h, running));
  }

  private Map<String, Object> row(String host, List<InFlight> running) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", host);
    r.put("groups", hosts.groupsOf(host).stream().sorted().toList());
    running.stream()
        .filter(op -> op.host().equals(host))
        .findFirst()
        .ifPresent(
            op -> {
              r.put("operation", op.operationId());
              r.put("operationBy", op.requester());
            });
    try {
      HostSnapshot s = hosts.agent(host).snapshot(HostDirectory.STATUS_MAX_AGE);
      r.put("reachable", true);
      for (ServiceInfo svc : s.services()) {
        if (svc.name().equals("W3SVC") || svc.name().equals("WAS")) {
          r.put(svc.name().toLowerCase(Locale.ROOT), svc.state().name().toLowerCase(Locale.ROOT));
        }
      }
      r.put(
          "poolsStarted", s.pools().stream().filter(p -> p.state() == ObjectState.STARTED).count());
      r.put(
          "poolsStopped", s.pools().stream().filter(p -> p.state() != ObjectState.STARTED).count());
      r.put(
          "sitesStarted", s.sites().stream().filter(x -> x.state() == ObjectState.STARTED).count());
      r.put(
          "sitesStopped", s.sites().stream().filter(x -> x.state() != ObjectState.STARTED).count());
      r.put("requests", s.requests().total());
    } catch (AgentException e) {
      r.put("reachable", false);
      r.put("problem", e.getMessage());
    }
    return r;
  }

  @Override
  public List<Map<String, Object>> history(Caller caller, Map<String, String> filters) {
    int limit;
    try {
      limit = Integer.parseInt(filters.getOrDefault("limit", "50"));
    } catch (NumberFormatException e) {
      throw new BadRequest("limit must be a number");
    }
    if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
      throw new BadRequest("limit must be 1 to " + HistoryQuery.MAX_LIMIT);
    }
    String host = filters.get("host");
    try {
      return history
          .read(
              caller,
              new HistoryReader.Request(
                  host == null ? null : Set.of(host),
                  filters.get("user"),
                  filters.get("action"),
                  filters.get("outcome"),
                  limit))
          .stream()
          .map(FleetBoard::entry)
          .toList();
    } catch (HistoryReader.Denied e) {
      throw new Forbidden(e.getMessage());
    }
  }

  private boolean allowed(Caller caller, String action, String host) {
    return permissions.check(caller, action, host).allowed();
  }

  /** Refuses with the permission's own message, which says what to ask for. */
  private void require(Caller caller, String action, String host) {
    if (permissions.check(caller, action, host) instanceof Permissions.Decision.Denied d) {
      throw new Forbidden(d.message());
    }
  }

  private static Forbidden forbidden(Caller caller, String action, String what) {
    return new Forbidden(
        "you may not "
            + what
            + ": no role grants \""
            + action
            + "\" on any host. Ask an iisbot admin to add one of your ids to a role that does: "
            + caller.identities().stream()
                .map(Identity::toString)
                .collect(Collectors.joining(", ")));
  }

  private static Map<String, Object> entry(AuditEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", e.at().toString());
    m.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
    put(m, "platform", e.platform());
    put(m, "user", e.user());
    put(m, "host", e.host());
    put(m, "action", e.action());
    put(m, "target", e.target());
    put(m, "operation", e.operationId());
    put(m, "outcome", e.outcome());
    put(m, "detail", e.detail());
    return m;
  }

  private static void put(Map<String, Object> m, String k, String v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
