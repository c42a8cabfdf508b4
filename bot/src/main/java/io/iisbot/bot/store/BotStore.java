package io.iisbot.bot.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

  /**
   * Appends entries in their order, at once where the store can (one transaction): the end of a run
   * over a hundred hosts is one write, not a hundred.
   */
  default void recordAll(List<AuditEntry> entries) {
    entries.forEach(this::record);
  }

  /** Audit entries matching the query, newest first, at most {@link HistoryQuery#limit()}. */
  List<AuditEntry> history(HistoryQuery query);

  /** Keeps a new prompt; its id must be new. */
  void savePrompt(Prompt prompt);

  /** The prompt with this id, whatever its state; empty when unknown or purged. */
  Optional<Prompt> prompt(String id);

  /**
   * Moves a prompt on, once: from one of {@code from} to {@code to}, only while it is unexpired at
   * {@code now}, and only on the message it is bound to. The first move binds it to {@code
   * messageRef}; {@code by} is recorded as the confirmer when moving to {@link
   * Prompt.State#CONFIRMED}. Expired prompts are purged now and then.
   *
   * @return true exactly once per move, across threads and replicas; false when another click got
   *     there first, the prompt expired, or it is bound to another message
   */
  boolean advancePrompt(
      String id,
      Set<Prompt.State> from,
      Prompt.State to,
      String messageRef,
      String by,
      Instant now);

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

  /** {@link #recordInFlight(InFlight)} for several, at once where the store can. */
  default void recordInFlight(List<InFlight> operations) {
    operations.forEach(this::recordInFlight);
  }

  /** Forgets a running operation; does nothing for an unknown id. */
  void finishInFlight(String operationId);

  /** {@link #finishInFlight(String)} for several, at once where the store can. */
  default void finishInFlight(Collection<String> operationIds) {
    operationIds.forEach(this::finishInFlight);
  }

  /** The operations recorded and not finished, oldest first. */
  List<InFlight> inFlight();

  /** Keeps a new pending timer; its id must be new. */
  void saveTimer(Timer timer);

  /** The timer with this id, whatever its state; empty when unknown. */
  Optional<Timer> timer(String id);

  /** The pending timers of one kind, soonest first. */
  List<Timer> pendingTimers(String kind);

  /** Pending timers due at {@code now}, soonest first, at most {@code limit}. */
  List<Timer> dueTimers(Instant now, int limit);

  /**
   * Claims a pending timer that is due at {@code now} for {@code claimer}.
   *
   * @return true exactly once per timer, across threads and replicas
   */
  boolean claimTimer(String id, String claimer, Instant now);

  /**
   * Moves a pending timer to another time.
   *
   * @return false when it is no longer pending (claimed or cancelled)
   */
  boolean moveTimer(String id, Instant fireAt);

  /**
   * Cancels a pending timer.
   *
   * @return true exactly once, and only while nobody has claimed it
   */
  boolean cancelTimer(String id);

  /**
   * Claimed timers whose claimer is dead: it claimed before {@code aliveSince} and has not beaten
   * since (or never did). Soonest first, at most {@code limit}.
   */
  List<Timer> staleClaims(Instant aliveSince, int limit);

  /**
   * Takes over a claimed timer, only while {@code previous} still holds its claim.
   *
   * @return true for exactly one of several replicas taking the same timer over
   */
  boolean reclaimTimer(String id, String previous, String claimer, Instant now);

  /** Marks a claimed timer's work as done. */
  void finishTimer(String id);

  /**
   * Puts a shared value ({@code SharedState}) unless its key is present and unexpired at {@code
   * now}. Expired values are purged now and then ({@link #purgeShared}).
   *
   * @return true only for the first put of a key across threads and replicas, until it expires
   */
  boolean putShared(String space, String key, String value, Instant expires, Instant now);

  /** The shared value of the key, unless it expired by {@code now}. */
  Optional<String> shared(String space, String key, Instant now);

  /** Returns and removes the shared value of the key: exactly once across threads and replicas. */
  Optional<String> takeShared(String space, String key, Instant now);

  /** Removes a shared value; nothing happens when it is absent. */
  void removeShared(String space, String key);

  /** Deletes the shared values expired by {@code now}; returns how many. */
  int purgeShared(Instant now);

  /** Records that the replica is alive at {@code now}. */
  void beat(String replica, Instant now);

  /** Forgets a replica that stops, so others take its operations over at once. */
  void leave(String replica);

  /**
   * The in-flight operations no live replica follows: their owner is unknown, or did not beat after
   * {@code aliveSince}. Oldest first.
   */
  List<InFlight> orphans(Instant aliveSince);

  /**
   * Makes {@code owner} the follower of an operation, only while its owner is still {@code
   * previous} (null for unknown).
   *
   * @return true for exactly one of several replicas taking the same operation over
   */
  boolean adoptInFlight(String operationId, String previous, String owner);

  /**
   * Marks an in-flight operation's fate unknown (its agent stopped answering) since {@code since},
   * with the last progress seen. An operation marked already keeps its first mark.
   *
   * @return false when the operation is not in flight
   */
  boolean markLost(String operationId, Instant since, String lastKnown);

  /**
   * Forgets an in-flight operation only while its fate is unknown: how a release and the reconciler
   * of the replica following it agree on who ends it.
   *
   * @return true exactly once across threads and replicas
   */
  boolean endLost(String operationId);

  /** Keeps a Pause, Continue or Abort for the replica that runs the operation. */
  void requestControl(ControlRequest request);

  /**
   * Returns and removes the control requests of these operations, oldest first, each once across
   * threads and replicas; deletes the requests older than {@code staleBefore} that no one took.
   */
  List<ControlRequest> takeControlRequests(
      java.util.Collection<String> operations, Instant staleBefore);

  /**
   * Answers a trivial query: whether the database can be reached now.
   *
   * @throws StoreException when it cannot, saying why
   */
  default void ping() {
    // A cheap read, for stores (such as test doubles) with nothing cheaper.
    inFlight();
  }

  /**
   * Tells {@code timing} how long each transaction took from now on, waiting for the connection
   * included; the one place the store's latency is measured. Nothing is told by default.
   */
  default void time(Timing timing) {}

  /** Told how long one transaction took. Implementations return at once and never throw. */
  @FunctionalInterface
  interface Timing {
    void took(java.time.Duration d, boolean failed);
  }

  /** Closes the store's connection; later calls fail with {@link IllegalStateException}. */
  @Override
  void close();
}
