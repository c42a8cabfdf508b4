package io.iisbot.bot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link BotStore} in plain SQL that both dialects accept. Replicas share nothing but the database,
 * so every rule that must hold across them is one SQL statement in a transaction. Instants are
 * stored as epoch milliseconds.
 */
final class JdbcStore implements BotStore {

  private final Transactor tx;

  private final Clock clock;

  private final Timers timers;

  private final Shared shared;

  private final Controls controls;

  private JdbcStore(Transactor tx, Clock clock) {
    this.tx = tx;
    this.clock = clock;
    this.timers = new Timers(tx);
    this.shared = new Shared(tx);
    this.controls = new Controls(tx);
  }

  /** Connects and migrates; the store is ready when this returns. */
  static JdbcStore open(Dialect dialect, Transactor.Connector connector, Clock clock) {
    JdbcStore store =
        new JdbcStore(new Transactor(dialect, connector), Objects.requireNonNull(clock, "clock"));
    try {
      store.tx.inTransaction(
          "migrating the schema",
          c -> {
            Migrations.apply(c, dialect, clock);
            return null;
          });
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  @Override
  public void record(AuditEntry e) {
    recordAll(List.of(e));
  }

  @Override
  public void recordAll(List<AuditEntry> entries) {
    for (AuditEntry e : entries) {
      Objects.requireNonNull(e, "entry");
      if (e.id() != 0) {
        throw new IllegalArgumentException("a new audit entry has id 0, was " + e.id());
      }
    }
    if (entries.isEmpty()) {
      return;
    }
    tx.inTransaction(
        entries.size() == 1 ? "recording an audit entry" : "recording audit entries",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO audit (at_ms, kind, platform, user_id, host, action, target,"
                      + " operation_id, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditEntry e : entries) {
              ps.setLong(1, e.at().toEpochMilli());
              ps.setString(2, e.kind().name());
              setNullable(ps, 3, e.platform());
              setNullable(ps, 4, e.user());
              setNullable(ps, 5, e.host());
              setNullable(ps, 6, e.action());
              setNullable(ps, 7, e.target());
              setNullable(ps, 8, e.operationId());
              setNullable(ps, 9, e.outcome());
              setNullable(ps, 10, e.detail());
              ps.executeUpdate();
            }
          }
          return null;
        });
  }

  @Override
  public List<AuditEntry> history(HistoryQuery q) {
    Objects.requireNonNull(q, "query");
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, at_ms, kind, platform, user_id, host, action, target, operation_id,"
                + " outcome, detail FROM audit WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter(sql, args, "host", q.host());
    filter(sql, args, "user_id", q.user());
    filter(sql, args, "action", q.action());
    filter(sql, args, "outcome", q.outcome());
    if (q.since() != null) {
      sql.append(" AND at_ms >= ?");
      args.add(q.since().toEpochMilli());
    }
    sql.append(" ORDER BY at_ms DESC, id DESC LIMIT ?");
    args.add(q.limit());
    return tx.inTransaction(
        "reading the audit history",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              ps.setObject(i + 1, args.get(i));
            }
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new AuditEntry(
                        rs.getLong(1),
                        Instant.ofEpochMilli(rs.getLong(2)),
                        AuditEntry.Kind.valueOf(rs.getString(3)),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getString(11)));
              }
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public void savePrompt(Prompt p) {
    Objects.requireNonNull(p, "prompt");
    tx.inTransaction(
        "saving prompt " + p.id(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO prompt (id, platform, channel, message_ref, requester,"
                      + " requester_key, pinned, state, confirmed_by, created_ms, expires_ms)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, p.id());
            ps.setString(2, p.platform());
            ps.setString(3, p.channel());
            setNullable(ps, 4, p.messageRef());
            ps.setString(5, p.requester());
            ps.setString(6, p.requesterKey());
            ps.setString(7, p.pinned());
            ps.setString(8, p.state().name());
            setNullable(ps, 9, p.confirmedBy());
            ps.setLong(10, p.createdAt().toEpochMilli());
            ps.setLong(11, p.expiresAt().toEpochMilli());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Prompt> prompt(String id) {
    requireText(id, "prompt id");
    return tx.inTransaction(
        "reading prompt " + id,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, platform, channel, message_ref, requester, requester_key, pinned,"
                      + " state, confirmed_by, created_ms, expires_ms FROM prompt WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Prompt(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      Prompt.State.valueOf(rs.getString(8)),
                      rs.getString(9),
                      Instant.ofEpochMilli(rs.getLong(10)),
                      Instant.ofEpochMilli(rs.getLong(11))));
            }
          }
        });
  }

  /** Prompts are kept this long after they expire, so a late click is told why, then purged. */
  static final Duration PROMPT_AFTERLIFE = Duration.ofDays(1);

  @Override
  public boolean advancePrompt(
      String id,
      Set<Prompt.State> from,
      Prompt.State to,
      String messageRef,
      String by,
      Instant now) {
    requireText(id, "prompt id");
    requireText(messageRef, "message reference");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(now, "now");
    if (from.isEmpty()) {
      throw new IllegalArgumentException("a prompt moves from at least one state");
    }
    String states = String.join(", ", java.util.Collections.nCopies(from.size(), "?"));
    return tx.inTransaction(
        "moving prompt " + id + " to " + to,
        c -> {
          try (PreparedStatement purge =
              c.prepareStatement("DELETE FROM prompt WHERE expires_ms <= ?")) {
            purge.setLong(1, now.minus(PROMPT_AFTERLIFE).toEpochMilli());
            purge.executeUpdate();
          }
          // One statement decides, so two clicks (or two replicas) cannot both move it.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE prompt SET state = ?, message_ref = COALESCE(message_ref, ?),"
                      + " confirmed_by = COALESCE(?, confirmed_by)"
                      + " WHERE id = ? AND expires_ms > ? AND state IN ("
                      + states
                      + ") AND (message_ref IS NULL OR message_ref = ?)")) {
            int i = 1;
            ps.setString(i++, to.name());
            ps.setString(i++, messageRef);
            setNullable(ps, i++, to == Prompt.State.CONFIRMED ? by : null);
            ps.setString(i++, id);
            ps.setLong(i++, now.toEpochMilli());
            for (Prompt.State s : from) {
              ps.setString(i++, s.name());
            }
            ps.setString(i, messageRef);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public LeaseResult acquireLease(
      String host, String holder, String operationId, Instant now, Duration ttl) {
    requireText(host, "host");
    requireText(holder, "holder");
    requireText(operationId, "operation id");
    Objects.requireNonNull(now, "now");
    requirePositive(ttl);
    return tx.inTransaction(
        "acquiring the lease on " + host,
        c -> {
          // One statement decides: the row is written only when it is new, expired, or ours.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO host_lease (host, holder, operation_id, since_ms, expires_ms)"
                      + " VALUES (?, ?, ?, ?, ?)"
                      + " ON CONFLICT (host) DO UPDATE SET holder = excluded.holder,"
                      + " operation_id = excluded.operation_id, since_ms = excluded.since_ms,"
                      + " expires_ms = excluded.expires_ms"
                      + " WHERE host_lease.expires_ms <= ? OR host_lease.operation_id = ?")) {
            ps.setString(1, host);
            ps.setString(2, holder);
            ps.setString(3, operationId);
            ps.setLong(4, now.toEpochMilli());
            ps.setLong(5, now.plus(ttl).toEpochMilli());
            ps.setLong(6, now.toEpochMilli());
            ps.setString(7, operationId);
            if (ps.executeUpdate() == 1) {
              return new LeaseResult.Acquired();
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT holder, operation_id, since_ms FROM host_lease WHERE host = ?")) {
            ps.setString(1, host);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new SQLException("lease row for " + host + " vanished inside a transaction");
              }
              return new LeaseResult.Held(
                  rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)));
            }
          }
        });
  }

  @Override
  public void renewLease(String host, String operationId, Instant now, Duration ttl) {
    requireText(host, "host");
    requireText(operationId, "operation id");
    Objects.requireNonNull(now, "now");
    requirePositive(ttl);
    boolean renewed =
        tx.inTransaction(
            "renewing the lease on " + host,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE host_lease SET expires_ms = ? WHERE host = ? AND operation_id = ?")) {
                ps.setLong(1, now.plus(ttl).toEpochMilli());
                ps.setString(2, host);
                ps.setString(3, operationId);
                return ps.executeUpdate() == 1;
              }
            });
    if (!renewed) {
      throw new IllegalStateException(
          "the lease on " + host + " is no longer held by operation " + operationId);
    }
  }

  @Override
  public void releaseLease(String host, String operationId) {
    requireText(host, "host");
    requireText(operationId, "operation id");
    tx.inTransaction(
        "releasing the lease on " + host,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM host_lease WHERE host = ? AND operation_id = ?")) {
            ps.setString(1, host);
            ps.setString(2, operationId);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void recordInFlight(InFlight op) {
    Objects.requireNonNull(op, "operation");
    recordInFlight(List.of(op));
  }

  @Override
  public void recordInFlight(List<InFlight> ops) {
    ops.forEach(op -> Objects.requireNonNull(op, "operation"));
    if (ops.isEmpty()) {
      return;
    }
    tx.inTransaction(
        ops.size() == 1
            ? "recording in-flight operation " + ops.get(0).operationId()
            : "recording " + ops.size() + " in-flight operations",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO in_flight (operation_id, host, action, target, requester,"
                      + " confirmer, message_ref, started_ms, owner, lost_ms, last_known)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (operation_id) DO UPDATE SET host = excluded.host,"
                      + " action = excluded.action, target = excluded.target,"
                      + " requester = excluded.requester, confirmer = excluded.confirmer,"
                      + " message_ref = excluded.message_ref, started_ms = excluded.started_ms,"
                      + " owner = excluded.owner, lost_ms = excluded.lost_ms,"
                      + " last_known = excluded.last_known")) {
            for (InFlight op : ops) {
              ps.setString(1, op.operationId());
              ps.setString(2, op.host());
              ps.setString(3, op.action());
              ps.setString(4, op.target());
              ps.setString(5, op.requester());
              ps.setString(6, op.confirmer());
              ps.setString(7, op.messageRef());
              ps.setLong(8, op.startedAt().toEpochMilli());
              setNullable(ps, 9, op.owner());
              if (op.lostSince() == null) {
                ps.setNull(10, Types.BIGINT);
              } else {
                ps.setLong(10, op.lostSince().toEpochMilli());
              }
              setNullable(ps, 11, op.lastKnown());
              ps.executeUpdate();
            }
          }
          return null;
        });
  }

  @Override
  public void finishInFlight(String operationId) {
    requireText(operationId, "operation id");
    finishInFlight(List.of(operationId));
  }

  @Override
  public void finishInFlight(java.util.Collection<String> operationIds) {
    operationIds.forEach(id -> requireText(id, "operation id"));
    if (operationIds.isEmpty()) {
      return;
    }
    tx.inTransaction(
        operationIds.size() == 1
            ? "finishing in-flight operation " + operationIds.iterator().next()
            : "finishing " + operationIds.size() + " in-flight operations",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM in_flight WHERE operation_id = ?")) {
            for (String id : operationIds) {
              ps.setString(1, id);
              ps.executeUpdate();
            }
          }
          return null;
        });
  }

  @Override
  public List<InFlight> inFlight() {
    return tx.inTransaction(
        "listing in-flight operations", c -> InFlightRows.list(c, "1 = 1", List.of()));
  }

  @Override
  public List<InFlight> orphans(Instant aliveSince) {
    Objects.requireNonNull(aliveSince, "aliveSince");
    return tx.inTransaction(
        "listing in-flight operations nobody follows",
        c ->
            InFlightRows.list(
                c,
                "(owner IS NULL OR NOT EXISTS (SELECT 1 FROM replica r"
                    + " WHERE r.id = in_flight.owner AND r.beat_ms > ?))",
                List.of(aliveSince.toEpochMilli())));
  }

  @Override
  public boolean adoptInFlight(String operationId, String previous, String owner) {
    requireText(operationId, "operation id");
    requireText(owner, "owner");
    return tx.inTransaction(
        "taking over in-flight operation " + operationId,
        c -> {
          // Compare-and-set on the owner: of replicas racing, one changes the row.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE in_flight SET owner = ? WHERE operation_id = ?"
                      + " AND COALESCE(owner, '') = ?")) {
            ps.setString(1, owner);
            ps.setString(2, operationId);
            ps.setString(3, previous == null ? "" : previous);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public boolean markLost(String operationId, Instant since, String lastKnown) {
    requireText(operationId, "operation id");
    Objects.requireNonNull(since, "since");
    return tx.inTransaction(
        "marking the fate of " + operationId + " unknown",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE in_flight SET last_known = CASE WHEN lost_ms IS NULL THEN ? ELSE"
                      + " last_known END, lost_ms = COALESCE(lost_ms, ?) WHERE operation_id = ?")) {
            setNullable(ps, 1, lastKnown);
            ps.setLong(2, since.toEpochMilli());
            ps.setString(3, operationId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public boolean endLost(String operationId) {
    requireText(operationId, "operation id");
    return tx.inTransaction(
        "ending lost operation " + operationId,
        c -> {
          // The delete's count decides between a release and a reconciler racing.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM in_flight WHERE operation_id = ? AND lost_ms IS NOT NULL")) {
            ps.setString(1, operationId);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public void requestControl(ControlRequest request) {
    Objects.requireNonNull(request, "request");
    controls.add(request);
  }

  @Override
  public List<ControlRequest> takeControlRequests(
      java.util.Collection<String> operations, Instant staleBefore) {
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(staleBefore, "staleBefore");
    return controls.take(operations, staleBefore);
  }

  @Override
  public void beat(String replica, Instant now) {
    requireText(replica, "replica");
    Objects.requireNonNull(now, "now");
    tx.inTransaction(
        "recording replica " + replica + " alive",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO replica (id, beat_ms) VALUES (?, ?)"
                      + " ON CONFLICT (id) DO UPDATE SET beat_ms = excluded.beat_ms")) {
            ps.setString(1, replica);
            ps.setLong(2, now.toEpochMilli());
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void leave(String replica) {
    requireText(replica, "replica");
    tx.inTransaction(
        "forgetting replica " + replica,
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM replica WHERE id = ?")) {
            ps.setString(1, replica);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public boolean putShared(String space, String key, String value, Instant expires, Instant now) {
    return shared.put(space, key, value, expires, now);
  }

  @Override
  public Optional<String> shared(String space, String key, Instant now) {
    return shared.get(space, key, now);
  }

  @Override
  public Optional<String> takeShared(String space, String key, Instant now) {
    return shared.take(space, key, now);
  }

  @Override
  public void removeShared(String space, String key) {
    shared.remove(space, key);
  }

  @Override
  public int purgeShared(Instant now) {
    Objects.requireNonNull(now, "now");
    return shared.purge(now);
  }

  @Override
  public void close() {
    tx.close();
  }

  @Override
  public void ping() {
    tx.inTransaction(
        "reaching the database",
        c -> {
          try (java.sql.Statement st = c.createStatement()) {
            st.execute("SELECT 1");
          }
          return null;
        });
  }

  @Override
  public void time(Timing timing) {
    tx.time(timing);
  }

  @Override
  public void saveTimer(Timer timer) {
    timers.save(timer);
  }

  @Override
  public Optional<Timer> timer(String id) {
    requireText(id, "timer id");
    return timers.get(id);
  }

  @Override
  public List<Timer> pendingTimers(String kind) {
    requireText(kind, "timer kind");
    return timers.pending(kind);
  }

  @Override
  public List<Timer> dueTimers(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return timers.due(now, limit);
  }

  @Override
  public boolean claimTimer(String id, String claimer, Instant now) {
    requireText(id, "timer id");
    requireText(claimer, "claimer");
    Objects.requireNonNull(now, "now");
    return timers.claim(id, claimer, now);
  }

  @Override
  public boolean moveTimer(String id, Instant fireAt) {
    requireText(id, "timer id");
    Objects.requireNonNull(fireAt, "fireAt");
    return timers.move(id, fireAt);
  }

  @Override
  public boolean cancelTimer(String id) {
    requireText(id, "timer id");
    return timers.cancel(id);
  }

  @Override
  public List<Timer> staleClaims(Instant aliveSince, int limit) {
    Objects.requireNonNull(aliveSince, "aliveSince");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return timers.staleClaims(aliveSince, limit);
  }

  @Override
  public boolean reclaimTimer(String id, String previous, String claimer, Instant now) {
    requireText(id, "timer id");
    requireText(previous, "previous claimer");
    requireText(claimer, "claimer");
    Objects.requireNonNull(now, "now");
    return timers.reclaim(id, previous, claimer, now);
  }

  @Override
  public void finishTimer(String id) {
    requireText(id, "timer id");
    timers.finish(id);
  }

  private static void filter(StringBuilder sql, List<Object> args, String column, String value) {
    if (value != null) {
      sql.append(" AND ").append(column).append(" = ?");
      args.add(value);
    }
  }

  private static void setNullable(PreparedStatement ps, int index, String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, was " + quoted(value));
    }
  }

  private static void requirePositive(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease ttl must be positive, was " + ttl);
    }
  }

  private static String quoted(String value) {
    return value == null ? "null" : "\"" + value + "\"";
  }
}
