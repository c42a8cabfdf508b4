package io.iisbot.iis.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What a running operation tells its listener, in order. */
public sealed interface Progress {

  Instant at();

  record StepStarted(Instant at, int index, int of, String step) implements Progress {}

  record StepFinished(Instant at, String step, Duration took, String detail) implements Progress {}

  record StepFailed(Instant at, String step, Duration took, String error) implements Progress {}

  record StepSkipped(Instant at, String step, String why) implements Progress {}

  /** Requests still in flight on the sites being drained; emitted when the number changes. */
  record RequestsLeft(Instant at, int count, Duration deadlineIn) implements Progress {}

  /** The worker pids of a pool, when they change during a stop or recycle. */
  record WorkerPids(Instant at, String pool, List<Integer> pids) implements Progress {
    public WorkerPids {
      pids = List.copyOf(pids);
    }
  }

  /** Anything else worth a line: a retry, a kill. */
  record Note(Instant at, String text) implements Progress {}
}
