package io.iisbot.bot.store;

import io.iisbot.iis.engine.Outcome;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

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
 * @param outcome one of {@link #OUTCOMES}; may be null
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

  /** A host left out of a run because an earlier host failed. */
  public static final String NOT_RUN = "not_run";

  /**
   * An operation whose end nobody can tell: its agent stopped answering and, once back, had no
   * record of it.
   */
  public static final String UNKNOWN = "unknown";

  /** A host's lease freed by an admin while its operation's fate was unknown. */
  public static final String RELEASED = "released";

  /** A change asked for and shown for confirmation. */
  public static final String PROMPTED = "prompted";

  /** A prompt confirmed by the person who asked. */
  public static final String CONFIRMED = "confirmed";

  /** A prompt confirmed, now waiting for a second person's approval. */
  public static final String AWAITING_APPROVAL = "awaiting_approval";

  /** A prompt approved by the second person. */
  public static final String APPROVED = "approved";

  /** A prompt replaced because what it would do changed since it was shown. */
  public static final String CHANGED = "changed";

  /** A prompt cancelled; also the engine's word for an operation cancelled between steps. */
  public static final String CANCELLED = "cancelled";

  /** A command or click the caller's roles or a policy do not allow. */
  public static final String DENIED = "denied";

  /** A click refused for where or by whom it was made, whatever the roles say. */
  public static final String REFUSED = "refused";

  /**
   * Every word an entry's outcome may be, in the order help shows them: how an operation ended on a
   * host (the engine's {@link Outcome}s in lower case, and {@value #NOT_RUN}), then what became of
   * a request or a click. Chat's {@code history --outcome} offers exactly these, so each is one
   * word that can be typed.
   */
  public static final List<String> OUTCOMES =
      Stream.concat(
              Arrays.stream(Outcome.values()).map(o -> o.name().toLowerCase(Locale.ROOT)),
              Stream.of(
                  NOT_RUN,
                  UNKNOWN,
                  RELEASED,
                  DENIED,
                  REFUSED,
                  PROMPTED,
                  CONFIRMED,
                  AWAITING_APPROVAL,
                  APPROVED,
                  CHANGED,
                  CANCELLED))
          .distinct()
          .toList();

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
