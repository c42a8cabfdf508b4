package io.iisbot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code in_flight} rows into {@link InFlight} records. */
final class InFlightRows {

  private InFlightRows() {}

  /** The rows matching {@code where} (with its arguments), oldest first. */
  static List<InFlight> list(Connection c, String where, List<Object> args) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT operation_id, host, action, target, requester, confirmer, message_ref,"
                + " started_ms, owner, lost_ms, last_known FROM in_flight WHERE "
                + where
                + " ORDER BY started_ms, operation_id")) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<InFlight> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new InFlight(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  Instant.ofEpochMilli(rs.getLong(8)),
                  rs.getString(9),
                  lostSince(rs.getObject(10)),
                  rs.getString(11)));
        }
      }
      return List.copyOf(out);
    }
  }

  private static Instant lostSince(Object ms) {
    return ms == null ? null : Instant.ofEpochMilli(((Number) ms).longValue());
  }
}
