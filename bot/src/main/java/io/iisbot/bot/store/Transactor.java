package io.iisbot.bot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs each piece of store work as one transaction on the instance's single connection, one thread
 * at a time. A failed connection is dropped and the next call opens a new one, so a restarted
 * database server costs one failed call, not the bot.
 */
final class Transactor implements AutoCloseable {

  /** Opens a new connection to the store's database. */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  /** Work done inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final Dialect dialect;
  private final Connector connector;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection;
  private boolean closed;
  private volatile BotStore.Timing timing = (d, failed) -> {};

  Transactor(Dialect dialect, Connector connector) {
    this.dialect = dialect;
    this.connector = connector;
  }

  /**
   * Runs {@code work} and commits, or rolls back and rethrows.
   *
   * @param what names the work in the {@link StoreException} that wraps a database failure
   */
  <T> T inTransaction(String what, Work<T> work) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      T result = transaction(what, work);
      failed = false;
      return result;
    } finally {
      try {
        timing.took(java.time.Duration.ofNanos(System.nanoTime() - start), failed);
      } catch (RuntimeException e) {
        // Measuring must never fail the store's work; the meter just misses this one.
      }
    }
  }

  /** Tells {@code t} how long each transaction takes from now on. */
  void time(BotStore.Timing t) {
    this.timing = java.util.Objects.requireNonNull(t, "timing");
  }

  private <T> T transaction(String what, Work<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the store is closed");
      }
      Connection c = connection();
      dialect.begin(c);
      T result;
      try {
        result = work.run(c);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      }
      dialect.commit(c);
      return result;
    } catch (SQLException e) {
      // The connection may be broken or mid-transaction; the next call starts on a fresh one.
      dropConnection();
      throw new StoreException(what + " failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      dropConnection();
    } finally {
      lock.unlock();
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Connection c = connector.connect();
      try {
        dialect.prepare(c);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    return connection;
  }

  private void dropConnection() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing a broken connection may fail too; it is being thrown away either way.
    }
    connection = null;
  }

  private void rollbackQuietly(Connection c, Exception cause) {
    try {
      dialect.rollback(c);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
