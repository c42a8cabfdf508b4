package io.iisbot.bot.render;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.Durations;
import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.WorkerProcess;
import io.iisbot.iis.engine.CutRequest;
import io.iisbot.iis.engine.EventSummary;
import io.iisbot.iis.engine.Finding;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Plan;
import io.iisbot.iis.engine.Progress;
import io.iisbot.iis.engine.StepReport;
import io.iisbot.iis.engine.Verification;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** Renders engine values as plain text lines. Stateless and thread-safe. */
public final class TextRenderer {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  public String snapshot(HostSnapshot s) {
    StringBuilder b = new StringBuilder();
    b.append(s.host()).append(" at ").append(s.takenAt()).append('\n');
    s.services()
        .forEach(
            svc ->
                b.append("  service ")
                    .append(pad(svc.name(), 16))
                    .append(svc.state())
                    .append(svc.pid() > 0 ? "  pid " + svc.pid() : "")
                    .append('\n'));
    s.pools()
        .forEach(
            p ->
                b.append("  pool    ")
                    .append(pad(p.name(), 16))
                    .append(p.state().display())
                    .append("  workers ")
                    .append(p.workerPids())
                    .append('\n'));
    s.sites()
        .forEach(
            site ->
                b.append("  site    ")
                    .append(pad(site.name(), 22))
                    .append(site.state().display())
                    .append("  ")
                    .append(String.join(" ", site.bindings()))
                    .append('\n'));
    b.append("  requests in flight: ").append(s.requests().total()).append('\n');
    return b.toString();
  }

  public String plan(Plan p) {
    StringBuilder b = new StringBuilder();
    b.append("Plan: ").append(p.request().describe()).append(" on ").append(p.host()).append('\n');
    int i = 1;
    for (Plan.PlannedStep s : p.steps()) {
      b.append("  ")
          .append(i++)
          .append(". ")
          .append(s.name())
          .append(" — ")
          .append(s.description())
          .append('\n');
    }
    if (p.isNoop()) {
      b.append("  nothing to do\n");
    }
    b.append("  affects: ")
        .append(list("sites", p.sites()))
        .append("; ")
        .append(list("pools", p.pools()))
        .append("; ")
        .append(list("services", p.services()))
        .append('\n');
    b.append("  requests in flight: ").append(p.activeRequests());
    if (!p.longestRequests().isEmpty()) {
      b.append(" (longest: ")
          .append(
              p.longestRequests().stream()
                  .map(TextRenderer::request)
                  .collect(Collectors.joining(", ")))
          .append(')');
    }
    b.append('\n');
    if (!p.workersAtRisk().isEmpty()) {
      b.append("  workers killed if they outlive the deadline: ")
          .append(
              p.workersAtRisk().stream()
                  .map(TextRenderer::worker)
                  .collect(Collectors.joining(", ")))
          .append('\n');
    }
    p.warnings().forEach(w -> b.append("  ! ").append(w).append('\n'));
    b.append("  takes at most ").append(Durations.format(p.worstCase())).append('\n');
    return b.toString();
  }

  public String progress(Progress p) {
    String at = TIME.format(p.at()) + "  ";
    if (p instanceof Progress.StepStarted s) {
      return at + "[" + s.index() + "/" + s.of() + "] " + s.step() + " …";
    }
    if (p instanceof Progress.StepFinished s) {
      return at + "      ✓ " + s.step() + " (" + Durations.format(s.took()) + "): " + s.detail();
    }
    if (p instanceof Progress.StepFailed s) {
      return at + "      ✗ " + s.step() + " (" + Durations.format(s.took()) + "): " + s.error();
    }
    if (p instanceof Progress.StepSkipped s) {
      return at + "      – " + s.step() + ": " + s.why();
    }
    if (p instanceof Progress.RequestsLeft r) {
      return at
          + "        requests left: "
          + r.count()
          + " (deadline in "
          + Durations.format(r.deadlineIn())
          + ")";
    }
    if (p instanceof Progress.WorkerPids w) {
      return at + "        " + w.pool() + " workers: " + w.pids();
    }
    return at + "        " + ((Progress.Note) p).text();
  }

  public String result(OperationResult r) {
    StringBuilder b = new StringBuilder();
    b.append(r.outcome())
        .append(": ")
        .append(r.request().describe())
        .append(" on ")
        .append(r.host())
        .append(" in ")
        .append(Durations.format(r.duration()))
        .append('\n');
    for (StepReport s : r.steps()) {
      b.append("  ")
          .append(symbol(s.status()))
          .append(' ')
          .append(s.name())
          .append(" (")
          .append(Durations.format(s.took()))
          .append("): ")
          .append(s.detail())
          .append('\n');
    }
    b.append("  verification:\n");
    for (Verification.Check c : r.verification().checks()) {
      b.append("    ")
          .append(c.passed() ? "✓ " : "✗ ")
          .append(c.name())
          .append(" — ")
          .append(c.detail())
          .append('\n');
    }
    for (Finding f : r.findings()) {
      b.append("  ").append(f.severity()).append(": ").append(f.text()).append('\n');
    }
    List<CutRequest> cut = r.cutRequests();
    if (!cut.isEmpty()) {
      b.append("  requests cut: ").append(cut.size()).append('\n');
      cut.stream()
          .limit(10)
          .forEach(
              c ->
                  b.append("    ")
                      .append(request(c.request()))
                      .append(": ")
                      .append(c.reason())
                      .append('\n'));
    }
    b.append(events(r.events()));
    return b.toString();
  }

  public String events(EventSummary e) {
    StringBuilder b = new StringBuilder();
    b.append("  events: ")
        .append(e.total())
        .append(" (")
        .append(
            e.counts().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(x -> x.getValue() + " " + x.getKey().name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", ")))
        .append(")\n");
    e.notable().stream()
        .filter(n -> n.level().isProblem() || n.id() != 7036)
        .forEach(
            n ->
                b.append("    ")
                    .append(time(n.time()))
                    .append(' ')
                    .append(n.level().name().toLowerCase(java.util.Locale.ROOT))
                    .append(' ')
                    .append(n.id())
                    .append(": ")
                    .append(n.meaning())
                    .append('\n'));
    return b.toString();
  }

  private static String time(Instant t) {
    return TIME.format(t);
  }

  private static String request(ActiveRequest r) {
    return r.verb() + " " + r.url() + " (" + Durations.format(r.elapsed()) + ")";
  }

  private static String worker(WorkerProcess w) {
    return "pid " + w.pid() + " (" + w.pool() + ")";
  }

  private static String list(String noun, List<String> items) {
    return items.isEmpty() ? "no " + noun : noun + " " + String.join(", ", items);
  }

  private static String symbol(StepReport.Status s) {
    return switch (s) {
      case SUCCEEDED -> "✓";
      case FAILED -> "✗";
      case SKIPPED -> "–";
      case ABORTED -> "■";
    };
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }
}
