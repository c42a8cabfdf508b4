package io.iisbot.bot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code shared_state} table in SQL both dialects accept. A first put is one conditional upsert
 * and a take is a read and a delete whose count decides, so two replicas cannot both win.
 */
final class Shared {

  /** Longest space and key accepted: room for a SHA-256 in hex and a prefix. */
  static final int MAX_KEY = 200;

  private final Transactor tx;

  Shared(Transactor tx) {
    this.tx = tx;
  }

  boolean put(String space, String key, String value, Instant expires, Instant now) {
    check(space, key);
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(now, "now");
    if (!expires.isAfter(now)) {
      throw new IllegalArgumentException(
          "a shared value must expire after now (" + now + "), was " + expires);
    }
    return puts.write(new Put(space, key, value, expires, now));
  }

  /** One first-put, as {@link #put} takes it. */
  record Put(String space, String key, String value, Instant expires, Instant now) {}

  /**
   * Puts that arrive together are written together: every chat request puts its delivery key here,
   * and at hundreds a second one transaction (one commit) each would queue them behind the store's
   * lock.
   */
  private final GroupCommit<Put, Boolean> puts = new GroupCommit<>(this::putAll);

  /**
   * Writes {@code batch} in one transaction, in order: a key put twice in it is first only once.
   *
   * @return for each put, whether it was the first
   */
  private List<Boolean> putAll(List<Put> batch) {
    return tx.inTransaction(
        batch.size() == 1
            ? "putting a shared " + batch.get(0).space() + " value"
            : "putting " + batch.size() + " shared values",
        c -> {
          List<Boolean> firsts = new ArrayList<>(batch.size());
          // Written only when new or expired: one statement decides between racing replicas.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO shared_state (space, skey, value, expires_ms) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (space, skey) DO UPDATE SET value = excluded.value,"
                      + " expires_ms = excluded.expires_ms"
                      + " WHERE shared_state.expires_ms <= ?")) {
            for (Put p : batch) {
              ps.setString(1, p.space());
              ps.setString(2, p.key());
              ps.setString(3, p.value());
              ps.setLong(4, p.expires().toEpochMilli());
              ps.setLong(5, p.now().toEpochMilli());
              firsts.add(ps.executeUpdate() == 1);
            }
          }
          return firsts;
        });
  }

  Optional<String> get(String space, String key, Instant now) {
    check(space, key);
    Objects.requireNonNull(now, "now");
    return tx.inTransaction(
        "reading a shared " + space + " value",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT value FROM shared_state WHERE space = ? AND skey = ?"
                      + " AND expires_ms > ?")) {
            ps.setString(1, space);
            ps.setString(2, key);
            ps.setLong(3, now.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  Optional<String> take(String space, String key, Instant now) {
    check(space, key);
    Objects.requireNonNull(now, "now");
    return tx.inTransaction(
        "taking a shared " + space + " value",
        c -> {
          String value;
          long expires;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT value, expires_ms FROM shared_state WHERE space = ? AND skey = ?")) {
            ps.setString(1, space);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<String>empty();
              }
              value = rs.getString(1);
              expires = rs.getLong(2);
            }
          }
          // Of two replicas that read the row, only the one whose delete removed it has it.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM shared_state WHERE space = ? AND skey = ? AND expires_ms = ?")) {
            ps.setString(1, space);
            ps.setString(2, key);
            ps.setLong(3, expires);
            if (ps.executeUpdate() != 1 || expires <= now.toEpochMilli()) {
              return Optional.<String>empty();
            }
          }
          return Optional.of(value);
        });
  }

  void remove(String space, String key) {
    check(space, key);
    tx.inTransaction(
        "removing a shared " + space + " value",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM shared_state WHERE space = ? AND skey = ?")) {
            ps.setString(1, space);
            ps.setString(2, key);
            ps.executeUpdate();
          }
          return null;
        });
  }

  int purge(Instant now) {
    return tx.inTransaction(
        "purging expired shared values",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM shared_state WHERE expires_ms <= ?")) {
            ps.setLong(1, now.toEpochMilli());
            return ps.executeUpdate();
          }
        });
  }

  private static void check(String space, String key) {
    if (space == null || space.isBlank() || space.length() > MAX_KEY) {
      throw new IllegalArgumentException(
          "a shared state space is 1 to " + MAX_KEY + " characters, was " + space);
    }
    if (key == null || key.isBlank() || key.length() > MAX_KEY) {
      throw new IllegalArgumentException(
          "a shared state key is 1 to " + MAX_KEY + " characters, was " + key);
    }
  }
}
