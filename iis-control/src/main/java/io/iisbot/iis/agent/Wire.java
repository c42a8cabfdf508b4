package io.iisbot.iis.agent;

import io.iisbot.iis.EventRecord;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.EventSummary;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** The records that travel between the bot and the agent, besides the engine's own. */
public final class Wire {

  private static final Pattern OPERATION_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
  private static final Pattern PLAN_IDENTITY = Pattern.compile("[0-9a-f]{64}");

  private Wire() {}

  /**
   * The body of {@code POST /v1/operations}: an operation with a caller-chosen id, which makes the
   * POST idempotent.
   *
   * @param id 8-64 characters of {@code A-Z a-z 0-9 . _ -}
   * @param options null means the defaults
   * @param requestedBy who asked, as a platform-qualified id (for the agent's log)
   * @param planIdentity the {@link io.iisbot.iis.engine.Plan#identity()} of the plan the operator
   *     confirmed; the agent runs the operation only if the plan it is about to run is that one.
   *     Null: run whatever the request means when it runs (scripts, callers without a preview)
   */
  public record OperationSpec(
      String id,
      Action action,
      Scope scope,
      Options options,
      String requestedBy,
      String planIdentity) {
    public OperationSpec {
      if (id == null || !OPERATION_ID.matcher(id).matches()) {
        throw new IllegalArgumentException("id must be 8-64 characters of A-Z a-z 0-9 . _ -");
      }
      Objects.requireNonNull(action, "action is needed");
      Objects.requireNonNull(scope, "scope is needed");
      options = options == null ? Options.defaults() : options;
      requestedBy = requestedBy == null ? "" : requestedBy;
      if (planIdentity != null && !PLAN_IDENTITY.matcher(planIdentity).matches()) {
        throw new IllegalArgumentException(
            "planIdentity must be 64 lowercase hex digits (the identity of a plan from /v1/plans)");
      }
      // Validates the combination (recycle needs a pool, --all only with a host stop, ...).
      new OperationRequest(action, scope, options);
    }

    /** An operation that runs whatever its request means when it runs (no confirmed plan). */
    public OperationSpec(
        String id, Action action, Scope scope, Options options, String requestedBy) {
      this(id, action, scope, options, requestedBy, null);
    }

    public OperationRequest request() {
      return new OperationRequest(action, scope, options);
    }
  }

  /** The body of {@code POST /v1/plans}: what an operation would do, asked before confirming. */
  public record PlanSpec(Action action, Scope scope, Options options) {
    public PlanSpec {
      Objects.requireNonNull(action, "action is needed");
      Objects.requireNonNull(scope, "scope is needed");
      options = options == null ? Options.defaults() : options;
      new OperationRequest(action, scope, options);
    }

    public OperationRequest request() {
      return new OperationRequest(action, scope, options);
    }
  }

  /**
   * The body of {@code POST /v1/operations/{id}/abort}.
   *
   * @param requestedBy who asked, as a platform-qualified id (for the agent's log and the result)
   */
  public record AbortSpec(String requestedBy) {
    public AbortSpec {
      requestedBy = requestedBy == null ? "" : requestedBy;
      if (requestedBy.length() > 200) {
        throw new IllegalArgumentException(
            "requestedBy must be at most 200 characters, was " + requestedBy.length());
      }
    }
  }

  /** Where an operation is. */
  public enum OperationState {
    RUNNING,
    FINISHED
  }

  /**
   * An operation as the agent reports it.
   *
   * @param lastEventId the id of the last progress event so far (SSE resumes after it)
   * @param result null while running
   * @param abortedBy who asked to abort it (the first to ask), or null when nobody did
   */
  public record OperationView(
      String id,
      String host,
      Action action,
      Scope scope,
      Options options,
      String requestedBy,
      OperationState state,
      Instant createdAt,
      Instant finishedAt,
      long lastEventId,
      OperationResult result,
      String abortedBy) {}

  /** {@code GET /v1/health}. */
  public record Health(String status, String version, String host, String mode, Instant time) {}

  /** {@code GET /v1/events}: the records and their summary. */
  public record EventsView(List<EventRecord> events, EventSummary summary) {}

  /**
   * An error body: a stable code, a message for people, and, for {@code busy}, the running
   * operation's id.
   */
  public record ErrorBody(String error, String message, String running) {}
}
