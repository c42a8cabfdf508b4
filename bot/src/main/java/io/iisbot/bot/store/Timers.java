package io.iisbot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code timer} table in SQL both dialects accept. Every move of a timer is one conditional
 * {@code UPDATE}, so two replicas on one database cannot both claim, move or cancel it.
 */
final class Timers {

  private static final String COLUMNS = "id, kind, fire_ms, payload, state, claimed_by, created_ms";

  private final Transactor tx;

  Timers(Transactor tx) {
    this.tx = tx;
  }

  void save(Timer t) {
    Objects.requireNonNull(t, "timer");
    if (t.state() != Timer.State.PENDING) {
      throw new IllegalArgumentException("a new timer is pending, was " + t.state());
    }
    tx.inTransaction(
        "saving timer " + t.id(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO timer (id, kind, fire_ms, payload, state, created_ms)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, t.id());
            ps.setString(2, t.kind());
            ps.setLong(3, t.fireAt().toEpochMilli());
            ps.setString(4, t.payload());
            ps.setString(5, t.state().name());
            ps.setLong(6, t.createdAt().toEpochMilli());
            ps.executeUpdate();
          }
          return null;
        });
  }

  Optional<Timer> get(String id) {
    return tx.inTransaction(
        "reading timer " + id,
        c -> {
          List<Timer> found = query(c, "SELECT " + COLUMNS + " FROM timer WHERE id = ?", id);
          return found.stream().findFirst();
        });
  }

  List<Timer> pending(String kind) {
    return tx.inTransaction(
        "reading pending " + kind + " timers",
        c ->
            query(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM timer WHERE kind = ? AND state = 'PENDING' ORDER BY fire_ms, id",
                kind));
  }

  List<Timer> due(Instant now, int limit) {
    return tx.inTransaction(
        "reading due timers",
        c ->
            query(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM timer WHERE state = 'PENDING' AND fire_ms <= ? ORDER BY fire_ms, id"
                    + " LIMIT ?",
                now.toEpochMilli(),
                limit));
  }

  boolean claim(String id, String claimer, Instant now) {
    return update(
        "claiming timer " + id,
        "UPDATE timer SET state = 'CLAIMED', claimed_by = ?, claimed_ms = ?"
            + " WHERE id = ? AND state = 'PENDING' AND fire_ms <= ?",
        claimer,
        now.toEpochMilli(),
        id,
        now.toEpochMilli());
  }

  List<Timer> staleClaims(Instant aliveSince, int limit) {
    return tx.inTransaction(
        "reading timers claimed by dead replicas",
        c ->
            query(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM timer WHERE state = 'CLAIMED' AND claimed_ms <= ?"
                    + " AND NOT EXISTS (SELECT 1 FROM replica r WHERE r.id = timer.claimed_by"
                    + " AND r.beat_ms > ?) ORDER BY fire_ms, id LIMIT ?",
                aliveSince.toEpochMilli(),
                aliveSince.toEpochMilli(),
                limit));
  }

  boolean reclaim(String id, String previous, String claimer, Instant now) {
    return update(
        "taking over timer " + id,
        "UPDATE timer SET claimed_by = ?, claimed_ms = ?"
            + " WHERE id = ? AND state = 'CLAIMED' AND claimed_by = ?",
        claimer,
        now.toEpochMilli(),
        id,
        previous);
  }

  boolean move(String id, Instant fireAt) {
    return update(
        "moving timer " + id,
        "UPDATE timer SET fire_ms = ? WHERE id = ? AND state = 'PENDING'",
        fireAt.toEpochMilli(),
        id);
  }

  boolean cancel(String id) {
    return update(
        "cancelling timer " + id,
        "UPDATE timer SET state = 'CANCELLED' WHERE id = ? AND state = 'PENDING'",
        id);
  }

  void finish(String id) {
    update(
        "finishing timer " + id,
        "UPDATE timer SET state = 'DONE' WHERE id = ? AND state = 'CLAIMED'",
        id);
  }

  private boolean update(String what, String sql, Object... args) {
    return tx.inTransaction(
        what,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate() == 1;
          }
        });
  }

  private static List<Timer> query(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Timer> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Timer(
                  rs.getString(1),
                  rs.getString(2),
                  Instant.ofEpochMilli(rs.getLong(3)),
                  rs.getString(4),
                  Timer.State.valueOf(rs.getString(5)),
                  rs.getString(6),
                  Instant.ofEpochMilli(rs.getLong(7))));
        }
      }
      return List.copyOf(out);
    }
  }
}
