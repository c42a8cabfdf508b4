package io.iisbot.iis.agent.server;

import io.iisbot.iis.agent.Wire;
import io.iisbot.iis.agent.Wire.OperationSpec;
import io.iisbot.iis.agent.Wire.OperationState;
import io.iisbot.iis.engine.CancellationToken;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Progress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One operation on this agent: its progress as a numbered event log (ids from 1, the result last),
 * so a follower that reconnects with the last id it saw misses nothing. Thread-safe.
 */
final class AgentOperation {

  /** One numbered event: a progress step, or (last) the result. */
  record Event(long id, Progress progress, OperationResult result) {
    boolean isResult() {
      return result != null;
    }
  }

  private final OperationSpec spec;
  private final String host;
  private final Instant createdAt;
  private final CancellationToken cancel = new CancellationToken();
  private final List<Event> events = new ArrayList<>();
  private final List<Consumer<Event>> followers = new ArrayList<>();
  private OperationResult result;
  private Instant finishedAt;
  private String abortedBy;

  AgentOperation(OperationSpec spec, String host, Instant createdAt) {
    this.spec = spec;
    this.host = host;
    this.createdAt = createdAt;
  }

  OperationSpec spec() {
    return spec;
  }

  CancellationToken cancellation() {
    return cancel;
  }

  /**
   * Asks the operation to stop at its next safe point and undo what it changed. Idempotent: only
   * the first call while it runs counts.
   *
   * @return whether this call asked (false: it had finished, or someone had asked already)
   */
  synchronized boolean abort(String by) {
    if (result != null || abortedBy != null) {
      return false;
    }
    abortedBy = by == null || by.isBlank() ? "(unnamed)" : by;
    cancel.cancel("aborted by " + abortedBy);
    return true;
  }

  synchronized boolean isFinished() {
    return result != null;
  }

  synchronized Instant finishedAt() {
    return finishedAt;
  }

  void progress(Progress p) {
    publish(p, null, null);
  }

  void finish(OperationResult r, Instant at) {
    publish(null, r, at);
  }

  private void publish(Progress p, OperationResult r, Instant at) {
    List<Consumer<Event>> to;
    Event e;
    synchronized (this) {
      if (result != null) {
        return;
      }
      e = new Event(events.size() + 1L, p, r);
      events.add(e);
      if (r != null) {
        result = r;
        finishedAt = at;
      }
      to = List.copyOf(followers);
      if (r != null) {
        followers.clear();
      }
    }
    // Outside the lock: a slow follower must not hold up the engine's thread for long.
    to.forEach(f -> f.accept(e));
  }

  /**
   * Replays the events after {@code afterId}, then delivers new ones as they happen, in order and
   * without gaps. The follower must not block (it is called under this operation's lock while
   * replaying): hand events to a queue. Returns an unsubscribe action.
   */
  Runnable follow(long afterId, Consumer<Event> follower) {
    synchronized (this) {
      events.stream().filter(e -> e.id() > afterId).forEach(follower);
      if (result == null) {
        followers.add(follower);
      }
    }
    return () -> {
      synchronized (this) {
        followers.remove(follower);
      }
    };
  }

  synchronized Wire.OperationView view() {
    return new Wire.OperationView(
        spec.id(),
        host,
        spec.action(),
        spec.scope(),
        spec.options(),
        spec.requestedBy(),
        result == null ? OperationState.RUNNING : OperationState.FINISHED,
        createdAt,
        finishedAt,
        events.size(),
        result,
        abortedBy);
  }
}
