package io.iisbot.bot.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a database's schema up to this code's version with numbered SQL files from {@code
 * migrations/<dialect>/}, recording each in {@code schema_version}.
 *
 * <p>Every dialect has the same versions, listed here in order: a class path cannot be listed
 * reliably inside a shaded jar. Statements in a file are split at a {@code ;} that ends a line, so
 * a migration must not hold one inside a statement.
 */
final class Migrations {

  /** Version n is the n-th name here. */
  static final List<String> NAMES =
      List.of(
          "V1__init.sql",
          "V2__prompts.sql",
          "V3__timers.sql",
          "V4__replicas.sql",
          "V5__control.sql");

  private Migrations() {}

  static int latestVersion() {
    return NAMES.size();
  }

  /** Applies the missing migrations; runs inside the caller's transaction. */
  static void apply(Connection c, Dialect dialect, Clock clock) throws SQLException {
    dialect.lockForMigration(c);
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version ("
              + " version INTEGER PRIMARY KEY,"
              + " name VARCHAR(200) NOT NULL,"
              + " applied_ms BIGINT NOT NULL)");
    }
    int current = currentVersion(c);
    if (current > latestVersion()) {
      throw new StoreException(
          "the database schema is at version "
              + current
              + ", newer than this iisbot understands (up to "
              + latestVersion()
              + "); run a newer iisbot or point it at another database");
    }
    for (int version = current + 1; version <= latestVersion(); version++) {
      String name = NAMES.get(version - 1);
      for (String sql : statements(load(dialect, name))) {
        try (Statement s = c.createStatement()) {
          s.execute(sql);
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO schema_version (version, name, applied_ms) VALUES (?, ?, ?)")) {
        ps.setInt(1, version);
        ps.setString(2, name);
        ps.setLong(3, clock.millis());
        ps.executeUpdate();
      }
    }
  }

  static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static String load(Dialect dialect, String name) {
    String path = "migrations/" + dialect.resourceDir() + "/" + name;
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("migration " + path + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading migration " + path, e);
    }
  }
}
