package io.iisbot.bot.render;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.bot.fleet.FleetResult;
import io.iisbot.bot.fleet.HostOutcome;
import io.iisbot.iis.Durations;
import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.engine.EventSummary;
import io.iisbot.iis.engine.Finding;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Outcome;
import io.iisbot.iis.engine.Progress;
import io.iisbot.iis.engine.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Turns engine values into neutral chat messages. Stateless and thread-safe. */
public final class Messages {

  public static final String CONFIRM = "confirm";
  public static final String APPROVE = "approve";
  public static final String CANCEL = "cancel";

  private Messages() {}

  /** How the final message starts its line of hosts left alone after a failure. */
  public static final String NOT_RUN_AFTER_FAILURE = "Not run, because an earlier host failed: ";

  /** The field naming the operation a message is about; the console links it to its details. */
  public static final String OPERATION_FIELD = "Operation";

  /** A live progress message: the current step of each host. */
  public static ChatMessage progress(
      String command, java.util.Map<String, String> stateByHost, String operation) {
    List<String> lines = new ArrayList<>();
    stateByHost.forEach((h, s) -> lines.add(h + ": " + s));
    return new ChatMessage(
        "Running: " + command,
        Status.RUNNING,
        lines,
        List.of(new Field(OPERATION_FIELD, operation)),
        List.of(),
        false,
        false);
  }

  /**
   * The message with the {@code --reason} as a field, so that progress and result say why; the
   * message itself when there was no reason.
   */
  public static ChatMessage withReason(ChatMessage m, String reason) {
    if (reason == null || reason.isBlank()) {
      return m;
    }
    List<Field> fields = new ArrayList<>(m.fields());
    fields.add(Math.max(0, fields.size() - 1), new Field(REASON_FIELD, reason));
    return new ChatMessage(
        m.title(), m.status(), m.lines(), fields, m.buttons(), m.ephemeral(), m.last());
  }

  /** The field that says why an operation runs. */
  public static final String REASON_FIELD = "Reason";

  /** One progress event as a short line. */
  public static String progressLine(Progress p) {
    if (p instanceof Progress.StepStarted s) {
      return "[" + s.index() + "/" + s.of() + "] " + s.step() + "…";
    }
    if (p instanceof Progress.StepFinished s) {
      return "✓ " + s.step() + " (" + Durations.format(s.took()) + "): " + s.detail();
    }
    if (p instanceof Progress.StepFailed s) {
      return "✗ " + s.step() + ": " + s.error();
    }
    if (p instanceof Progress.StepSkipped s) {
      return "– " + s.step() + ": " + s.why();
    }
    if (p instanceof Progress.RequestsLeft r) {
      return "draining: " + r.count() + " requests left";
    }
    if (p instanceof Progress.WorkerPids w) {
      return w.pool() + " workers: " + w.pids();
    }
    return ((Progress.Note) p).text();
  }

  /**
   * The final message: per host outcome, verification, events, who asked and who confirmed.
   *
   * @param approver the second person who approved, or null when policy asked for none
   * @param operation the operation's id, or null when there is no record of its details
   */
  public static ChatMessage result(
      String command,
      FleetResult fleet,
      String requester,
      String confirmer,
      String approver,
      String operation) {
    boolean ok = fleet.succeeded();
    boolean partial =
        fleet.hosts().stream()
            .anyMatch(
                h -> h.result() != null && h.result().outcome() == Outcome.PARTIALLY_SUCCEEDED);
    boolean unknown = fleet.hosts().stream().anyMatch(HostOutcome::fateUnknown);
    Status status =
        unknown ? Status.WARNING : !ok ? Status.FAILURE : partial ? Status.WARNING : Status.SUCCESS;
    List<String> lines = new ArrayList<>();
    for (HostOutcome h : fleet.hosts()) {
      if (h.result() == null) {
        lines.add(h.host() + ": " + h.problem());
        continue;
      }
      OperationResult r = h.result();
      lines.add(
          h.host()
              + ": "
              + (r.outcome() == Outcome.CANCELLED
                  ? "aborted"
                  : r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '))
              + " in "
              + Durations.format(r.duration()));
      for (Verification.Check c : r.verification().checks()) {
        lines.add("  " + (c.passed() ? "✓ " : "✗ ") + c.name() + " — " + c.detail());
      }
      for (Finding f : r.findings()) {
        lines.add("  " + (f.severity() == Finding.Severity.INFO ? "ℹ " : "⚠ ") + f.text());
      }
      if (!r.cutRequests().isEmpty()) {
        lines.add(
            "  ⚠ " + r.cutRequests().size() + " requests cut: " + r.cutRequests().get(0).reason());
      }
      lines.add("  " + events(r.events()));
    }
    if (!fleet.notRun().isEmpty()) {
      lines.add(NOT_RUN_AFTER_FAILURE + String.join(", ", fleet.notRun()));
    }
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("Requested by", requester));
    fields.add(new Field("Confirmed by", confirmer));
    if (approver != null) {
      fields.add(new Field("Approved by", approver));
    }
    if (operation != null) {
      fields.add(new Field(OPERATION_FIELD, operation));
    }
    return new ChatMessage(
        (unknown ? "Unreachable: " : ok ? "Done: " : "Failed: ") + command,
        status,
        lines,
        fields,
        List.of(),
        false,
        true);
  }

  /** The event summary in one line: counts by level, then the notable problems with meaning. */
  public static String events(EventSummary e) {
    String counts =
        e.counts().entrySet().stream()
            .sorted(java.util.Map.Entry.comparingByKey())
            .map(x -> x.getValue() + " " + x.getKey().name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    String notable =
        e.notable().stream()
            .filter(n -> n.level().isProblem() || n.id() != 7036)
            .map(n -> n.id() + " " + n.meaning())
            .distinct()
            .limit(5)
            .collect(Collectors.joining("; "));
    return "events: "
        + (counts.isEmpty() ? "none" : counts)
        + (notable.isEmpty() ? "" : " — " + notable);
  }

  /** {@code status} of a host whose agent did not answer, among others that did. */
  public static ChatMessage unreachable(String host, String problem) {
    return new ChatMessage(
        host + " status",
        Status.FAILURE,
        List.of("agent problem: " + problem),
        List.of(),
        List.of(),
        false,
        true);
  }

  /**
   * Up to how many hosts {@code status} shows each in a message of its own; over that, one summary.
   * (Slack posts about one message a second per channel, Discord about five followups in two
   * seconds: a status of 200 hosts as 200 messages would take minutes and bury the channel.)
   */
  public static final int STATUS_MESSAGES_UP_TO = 5;

  /** The most hosts a fleet summary names; the rest are counted. */
  static final int SUMMARY_NAMES_UP_TO = 20;

  /** One host's answer to {@code status}: its snapshot, or why its agent gave none. */
  public record HostStatus(String host, HostSnapshot snapshot, String problem) {

    public static HostStatus of(String host, HostSnapshot s) {
      return new HostStatus(host, s, null);
    }

    public static HostStatus unreachable(String host, String problem) {
      return new HostStatus(host, null, problem);
    }

    /** What is not as it runs normally: services not running, pools and sites not started. */
    List<String> notRunning() {
      List<String> out = new ArrayList<>();
      snapshot.services().stream()
          .filter(x -> x.state() != io.iisbot.iis.ServiceState.RUNNING)
          .forEach(x -> out.add("service " + x.name() + " " + lower(x.state().name())));
      snapshot.pools().stream()
          .filter(x -> x.state() != ObjectState.STARTED)
          .forEach(x -> out.add("pool " + x.name() + " " + lower(x.state().name())));
      snapshot.sites().stream()
          .filter(x -> x.state() != ObjectState.STARTED)
          .forEach(x -> out.add("site " + x.name() + " " + lower(x.state().name())));
      return out;
    }

    private static String lower(String state) {
      return state.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * {@code status} of one host among several: its own message, or that its agent did not answer.
   */
  public static ChatMessage status(HostStatus h) {
    return h.snapshot() != null ? status(h.snapshot()) : unreachable(h.host(), h.problem());
  }

  /**
   * {@code status} of more than {@link #STATUS_MESSAGES_UP_TO} hosts, as one message: the hosts
   * that need a look named with what is off (agents that did not answer first), the others counted.
   */
  public static ChatMessage fleetStatus(List<HostStatus> hosts) {
    List<String> named = new ArrayList<>();
    int unreachable = 0;
    int off = 0;
    int requests = 0;
    for (HostStatus h : hosts) {
      if (h.snapshot() == null) {
        unreachable++;
        named.add(unreachable - 1, h.host() + ": agent problem — " + h.problem());
        continue;
      }
      requests += h.snapshot().requests().total();
      List<String> notRunning = h.notRunning();
      if (!notRunning.isEmpty()) {
        off++;
        named.add(
            h.host()
                + ": "
                + String.join(", ", notRunning.subList(0, Math.min(4, notRunning.size())))
                + (notRunning.size() > 4 ? " and " + (notRunning.size() - 4) + " more" : ""));
      }
    }
    int normal = hosts.size() - unreachable - off;
    List<String> lines = new ArrayList<>();
    if (named.size() > SUMMARY_NAMES_UP_TO) {
      lines.addAll(named.subList(0, SUMMARY_NAMES_UP_TO));
      lines.add(
          "… and "
              + (named.size() - SUMMARY_NAMES_UP_TO)
              + " more; `/iis status <host>` for one, or the web console's fleet board");
    } else {
      lines.addAll(named);
    }
    lines.add(
        (normal == hosts.size() ? "all " + normal : normal + " of " + hosts.size())
            + (hosts.size() == 1 ? " host" : " hosts")
            + ": every service running, every pool and site started");
    return new ChatMessage(
        "status of " + hosts.size() + " hosts",
        unreachable > 0 ? Status.FAILURE : off > 0 ? Status.WARNING : Status.SUCCESS,
        lines,
        List.of(
            new Field("Running normally", Integer.toString(normal)),
            new Field("Something stopped", Integer.toString(off)),
            new Field("No answer", Integer.toString(unreachable)),
            new Field("Requests in flight", Integer.toString(requests))),
        List.of(),
        false,
        true);
  }

  /** {@code status}: one host's services, pools and sites. */
  public static ChatMessage status(HostSnapshot s) {
    List<String> lines = new ArrayList<>();
    s.services()
        .forEach(
            x ->
                lines.add(
                    "service " + x.name() + ": " + x.state().name().toLowerCase(Locale.ROOT)));
    s.pools()
        .forEach(
            p -> lines.add("pool " + p.name() + ": " + p.state().display() + " " + p.workerPids()));
    s.sites().forEach(x -> lines.add("site " + x.name() + ": " + x.state().display()));
    long stopped = s.sites().stream().filter(x -> x.state() != ObjectState.STARTED).count();
    return new ChatMessage(
        s.host() + " status",
        stopped == 0 ? Status.SUCCESS : Status.WARNING,
        lines,
        List.of(new Field("Requests in flight", Integer.toString(s.requests().total()))),
        List.of(),
        false,
        true);
  }
}
