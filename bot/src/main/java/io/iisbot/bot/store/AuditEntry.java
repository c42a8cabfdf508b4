package io.iisbot.bot.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of the audit trail.
 *
 * @param id assigned by the store; 0 for an entry not yet recorded
 * @param at when it happened; the store keeps milliseconds
 * @param kind what sort of event it was
 * @param platform chat platform ({@code slack}, {@code discord}, {@code console}); may be null
 * @param user platform-qualified identity; may be null (e.g. a timer's notice)
 * @param host the host acted on; may be null
 * @param action the command's action ({@code stop}, {@code recycle}); may be null
 * @param target site, pool or service name; may be null
 * @param operationId the operation this belongs to; may be null
 * @param outcome e.g. {@code ok}, {@code failed}, {@code denied}; may be null
 * @param detail free text for humans; may be null
 */
public record AuditEntry(
    long id,
    Instant at,
    Kind kind,
    String platform,
    String user,
    String host,
    String action,
    String target,
    String operationId,
    String outcome,
    String detail) {

  /** What sort of event an entry records. */
  public enum Kind {
    REQUEST,
    DENIAL,
    CONFIRMATION,
    CANCELLATION,
    STEP,
    RESULT,
    NOTICE
  }

  /**
   * The one-word outcomes of requests and clicks, besides an operation's own ({@code succeeded},
   * {@code failed}): what {@code history --outcome} offers.
   */
  public static final List<String> REQUEST_OUTCOMES =
      List.of("prompted", "denied", "refused", "confirmed", "approved", "cancelled", "changed");

  public AuditEntry {
    if (id < 0) {
      throw new IllegalArgumentException("audit id must be 0 or positive, was " + id);
    }
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
  }

  /** This entry as recorded under {@code newId}. */
  AuditEntry withId(long newId) {
    return new AuditEntry(
        newId, at, kind, platform, user, host, action, target, operationId, outcome, detail);
  }
}
