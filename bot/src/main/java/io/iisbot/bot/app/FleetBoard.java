package io.iisbot.bot.app;

import io.iisbot.adapters.console.ConsoleData;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.core.OperationTraces;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/** The console's fleet board and history, read from the agents and the store. Thread-safe. */
final class FleetBoard implements ConsoleData {

  private final HostDirectory hosts;
  private final BotStore store;
  private final ExecutorService pool;
  private final OperationTraces traces;

  FleetBoard(HostDirectory hosts, BotStore store, ExecutorService pool, OperationTraces traces) {
    this.hosts = hosts;
    this.store = store;
    this.pool = pool;
    this.traces = traces;
  }

  @Override
  public Optional<Map<String, Object>> operation(String id) {
    return traces.view(id);
  }

  /** Every host at once, so one unreachable agent does not hold up the others. */
  @Override
  public List<Map<String, Object>> fleet() {
    List<InFlight> running = store.inFlight();
    List<CompletableFuture<Map<String, Object>>> rows = new ArrayList<>();
    for (String h : hosts.names()) {
      rows.add(CompletableFuture.supplyAsync(() -> row(h, running), pool));
    }
    return rows.stream().map(CompletableFuture::join).toList();
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
      HostSnapshot s = hosts.agent(host).snapshot();
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
  public List<Map<String, Object>> history(Map<String, String> filters) {
    int limit;
    try {
      limit = Integer.parseInt(filters.getOrDefault("limit", "50"));
    } catch (NumberFormatException e) {
      throw new io.iisbot.adapters.console.ConsoleApi.ApiError(
          400, "bad_request", "limit must be a number");
    }
    if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
      throw new io.iisbot.adapters.console.ConsoleApi.ApiError(
          400, "bad_request", "limit must be 1 to " + HistoryQuery.MAX_LIMIT);
    }
    HistoryQuery q =
        new HistoryQuery(
            filters.get("host"),
            filters.get("user"),
            filters.get("action"),
            filters.get("outcome"),
            null,
            limit);
    return store.history(q).stream().map(FleetBoard::entry).toList();
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
