package io.iisbot.bot.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The bot's durable state, shared by every bot replica that opens the same database.
 *
 * <p>Implementations are thread-safe, and every method is one short transaction, so two replicas on
 * one database agree on who consumed a token and who holds a host. Database failures surface as
 * {@link StoreException}; bad arguments as {@link IllegalArgumentException}.
 */
public interface BotStore extends AutoCloseable {

  /** Appends an entry to the audit trail; the entry's id must be 0, the store assigns one. */
  void record(AuditEntry entry);

  /** Audit entries matching the query, newest first, at most {@link HistoryQuery#limit()}. */
  List<AuditEntry> history(HistoryQuery query);

  /**
   * Marks a confirmation token used.
   *
   * @return true exactly once per token id, across threads and replicas; false when the token was
   *     used before or {@code expiresAt} has passed
   */
  boolean consumeToken(String tokenId, Instant expiresAt);

  /**
   * Takes the lease on a host for one operation, unless another operation holds an unexpired one.
   * The same operation asking again renews its lease.
   */
  LeaseResult acquireLease(
      String host, String holder, String operationId, Instant now, Duration ttl);

  /**
   * Extends the lease of {@code operationId} on {@code host} to {@code now + ttl}.
   *
   * @throws IllegalStateException when that operation no longer holds the lease
   */
  void renewLease(String host, String operationId, Instant now, Duration ttl);

  /** Gives the lease up; does nothing unless {@code operationId} holds it. */
  void releaseLease(String host, String operationId);

  /**
   * Remembers a running operation so a restarted bot can re-attach to it; replaces one with the
   * same id.
   */
  void recordInFlight(InFlight operation);

  /** Forgets a running operation; does nothing for an unknown id. */
  void finishInFlight(String operationId);

  /** The operations recorded and not finished, oldest first. */
  List<InFlight> inFlight();

  /** Closes the store's connection; later calls fail with {@link IllegalStateException}. */
  @Override
  void close();
}
