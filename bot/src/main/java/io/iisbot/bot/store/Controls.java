package io.iisbot.bot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The {@code control_request} table in SQL both dialects accept. A take reads then deletes each
 * row, and keeps only the rows its delete removed, so a request is applied once.
 */
final class Controls {

  private final Transactor tx;

  Controls(Transactor tx) {
    this.tx = tx;
  }

  void add(ControlRequest r) {
    tx.inTransaction(
        "asking for " + r.action() + " of " + r.operation(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO control_request (operation_id, action, by_name, at_ms)"
                      + " VALUES (?, ?, ?, ?)")) {
            ps.setString(1, r.operation());
            ps.setString(2, r.action());
            ps.setString(3, r.by());
            ps.setLong(4, r.at().toEpochMilli());
            ps.executeUpdate();
          }
          return null;
        });
  }

  List<ControlRequest> take(Collection<String> operations, Instant staleBefore) {
    return tx.inTransaction(
        "taking control requests",
        c -> {
          try (PreparedStatement purge =
              c.prepareStatement("DELETE FROM control_request WHERE at_ms < ?")) {
            purge.setLong(1, staleBefore.toEpochMilli());
            purge.executeUpdate();
          }
          if (operations.isEmpty()) {
            return List.of();
          }
          String marks = String.join(", ", java.util.Collections.nCopies(operations.size(), "?"));
          List<Long> ids = new ArrayList<>();
          List<ControlRequest> found = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, operation_id, action, by_name, at_ms FROM control_request"
                      + " WHERE operation_id IN ("
                      + marks
                      + ") ORDER BY id")) {
            int i = 1;
            for (String op : operations) {
              ps.setString(i++, op);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getLong(1));
                found.add(
                    new ControlRequest(
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5))));
              }
            }
          }
          List<ControlRequest> out = new ArrayList<>();
          try (PreparedStatement del =
              c.prepareStatement("DELETE FROM control_request WHERE id = ?")) {
            for (int i = 0; i < ids.size(); i++) {
              del.setLong(1, ids.get(i));
              if (del.executeUpdate() == 1) {
                out.add(found.get(i));
              }
            }
          }
          return List.copyOf(out);
        });
  }
}
