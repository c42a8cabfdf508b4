package io.iisbot.bot.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A state-changing operation that has started and not finished, kept so that a restarted bot can
 * re-attach to it.
 *
 * @param operationId the engine's id for the operation
 * @param host host name (not the agent's address, which configuration holds)
 * @param action e.g. {@code stop}
 * @param target site, pool or service name
 * @param requester platform-qualified identity that asked
 * @param confirmer platform-qualified identity that confirmed
 * @param messageRef where the live progress message is, opaque to the store (platform, channel and
 *     message id as the adapter encodes them)
 * @param startedAt when the operation started; the store keeps milliseconds
 * @param owner the bot replica following it; null when not known (recorded before replicas were)
 * @param lostSince since when its fate is unknown because its agent stopped answering; null while
 *     it is known
 * @param lastKnown the last progress the bot saw before its agent stopped answering; null while its
 *     fate is known
 */
public record InFlight(
    String operationId,
    String host,
    String action,
    String target,
    String requester,
    String confirmer,
    String messageRef,
    Instant startedAt,
    String owner,
    Instant lostSince,
    String lastKnown) {

  public InFlight {
    Objects.requireNonNull(operationId, "operationId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(confirmer, "confirmer");
    Objects.requireNonNull(messageRef, "messageRef");
    Objects.requireNonNull(startedAt, "startedAt");
  }

  /** An operation whose fate is known, followed by {@code owner}. */
  public InFlight(
      String operationId,
      String host,
      String action,
      String target,
      String requester,
      String confirmer,
      String messageRef,
      Instant startedAt,
      String owner) {
    this(
        operationId,
        host,
        action,
        target,
        requester,
        confirmer,
        messageRef,
        startedAt,
        owner,
        null,
        null);
  }

  /** Whether its fate is unknown: its agent stopped answering during it. */
  public boolean lost() {
    return lostSince != null;
  }

  /** An operation whose owner is not known. */
  public InFlight(
      String operationId,
      String host,
      String action,
      String target,
      String requester,
      String confirmer,
      String messageRef,
      Instant startedAt) {
    this(operationId, host, action, target, requester, confirmer, messageRef, startedAt, null);
  }
}
