package io.iisbot.bot.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.iisbot.bot.render.Messages;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Progress;
import io.iisbot.iis.engine.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the console's operation view shows: for each operation this bot ran, per host the steps with
 * their timings, the requests left while draining, and once finished the outcome, the verification
 * and the event summary. Kept in memory for the latest {@value #KEPT} operations (the audit trail
 * in the store is the lasting record). Thread-safe.
 */
public final class OperationTraces {

  static final int KEPT = 500;

  /** At most this many drain samples per host; later ones replace every other earlier one. */
  static final int MAX_SAMPLES = 240;

  private final Cache<String, Trace> traces =
      Caffeine.newBuilder().maximumSize(KEPT).expireAfterWrite(Duration.ofDays(1)).build();

  /** Starts the record of an operation run as {@code hostIds} (host → that host's operation). */
  void begin(String id, String command, String requester, Map<String, String> hostIds) {
    traces.put(id, new Trace(id, command, requester, hostIds));
  }

  /** Records one progress event from a host. */
  void progress(String id, String host, Progress p) {
    Trace t = traces.getIfPresent(id);
    if (t != null) {
      t.progress(host, p);
    }
  }

  /** Records a host's result (null when the host did not run: {@code problem} says why). */
  void finish(String id, String host, OperationResult r, String problem) {
    Trace t = traces.getIfPresent(id);
    if (t != null) {
      t.finish(host, r, problem);
    }
  }

  /** Marks the whole operation finished. */
  void end(String id) {
    Trace t = traces.getIfPresent(id);
    if (t != null) {
      t.end();
    }
  }

  /** The operation as JSON-ready values. */
  public Optional<Map<String, Object>> view(String id) {
    return Optional.ofNullable(traces.getIfPresent(id)).map(Trace::view);
  }

  private static final class Trace {
    private final String id;
    private final String command;
    private final String requester;
    private final Map<String, HostTrace> hosts = new LinkedHashMap<>();
    private boolean ended;

    Trace(String id, String command, String requester, Map<String, String> hostIds) {
      this.id = id;
      this.command = command;
      this.requester = requester;
      hostIds.forEach((h, op) -> hosts.put(h, new HostTrace(h, op)));
    }

    synchronized void progress(String host, Progress p) {
      HostTrace h = hosts.get(host);
      if (h != null) {
        h.progress(p);
      }
    }

    synchronized void finish(String host, OperationResult r, String problem) {
      HostTrace h = hosts.get(host);
      if (h != null) {
        h.result = r;
        h.problem = problem;
      }
    }

    synchronized void end() {
      ended = true;
    }

    synchronized Map<String, Object> view() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", id);
      m.put("command", command);
      m.put("requester", requester);
      m.put("final", ended);
      m.put("hosts", hosts.values().stream().map(HostTrace::view).toList());
      return m;
    }
  }

  private static final class HostTrace {
    private final String host;
    private final String operation;
    private final List<Map<String, Object>> steps = new ArrayList<>();
    private final List<Map<String, Object>> drain = new ArrayList<>();
    private Instant started;
    private OperationResult result;
    private String problem;

    HostTrace(String host, String operation) {
      this.host = host;
      this.operation = operation;
    }

    void progress(Progress p) {
      if (started == null) {
        started = p.at();
      }
      if (p instanceof Progress.StepStarted s) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", s.step());
        step.put("status", "running");
        step.put("startedAt", s.at().toString());
        step.put("tookMs", null);
        step.put("detail", "");
        steps.add(step);
      } else if (p instanceof Progress.StepFinished s) {
        close(s.step(), "done", s.took(), s.detail(), s.at());
      } else if (p instanceof Progress.StepFailed s) {
        close(s.step(), "failed", s.took(), s.error(), s.at());
      } else if (p instanceof Progress.StepSkipped s) {
        close(s.step(), "skipped", Duration.ZERO, s.why(), s.at());
      } else if (p instanceof Progress.RequestsLeft r) {
        if (drain.size() >= MAX_SAMPLES) {
          for (int i = drain.size() - 2; i > 0; i -= 2) {
            drain.remove(i);
          }
        }
        drain.add(
            Map.of("ms", Duration.between(started, r.at()).toMillis(), "requests", r.count()));
      }
    }

    private void close(String name, String status, Duration took, String detail, Instant at) {
      Map<String, Object> step = null;
      for (int i = steps.size() - 1; i >= 0; i--) {
        if (steps.get(i).get("name").equals(name) && "running".equals(steps.get(i).get("status"))) {
          step = steps.get(i);
          break;
        }
      }
      if (step == null) {
        step = new LinkedHashMap<>();
        step.put("name", name);
        step.put("startedAt", at.minus(took).toString());
        steps.add(step);
      }
      step.put("status", status);
      step.put("tookMs", took.toMillis());
      step.put("detail", detail);
    }

    Map<String, Object> view() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("host", host);
      m.put("operation", operation);
      m.put(
          "outcome",
          result == null
              ? (problem == null ? null : "not_run")
              : result.outcome().name().toLowerCase(Locale.ROOT));
      if (problem != null) {
        m.put("problem", problem);
      }
      m.put("steps", steps.stream().map(LinkedHashMap::new).toList());
      m.put("drain", List.copyOf(drain));
      List<Map<String, Object>> checks = new ArrayList<>();
      if (result != null) {
        for (Verification.Check c : result.verification().checks()) {
          checks.add(Map.of("name", c.name(), "passed", c.passed(), "detail", c.detail()));
        }
        m.put("durationMs", result.duration().toMillis());
      }
      m.put("checks", checks);
      m.put("events", result == null ? null : Messages.events(result.events()));
      return m;
    }
  }
}
