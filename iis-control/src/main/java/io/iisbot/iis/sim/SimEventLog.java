package io.iisbot.iis.sim;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.ServiceState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The System log as IIS and the SCM write it during the transitions the simulation makes. */
final class SimEventLog {

  static final String SCM = "Service Control Manager";
  static final String WAS = "Microsoft-Windows-WAS";

  private final Timeline timeline;
  private final List<EventRecord> records = new ArrayList<>();

  SimEventLog(Timeline timeline) {
    this.timeline = timeline;
  }

  List<EventRecord> between(Instant since, Instant until) {
    return records.stream()
        .filter(e -> !e.time().isBefore(since) && e.time().isBefore(until))
        .toList();
  }

  /** 7036, with the binary data real SCM writes: UTF-16LE {@code "<KeyName>/<state>"} + NUL. */
  void serviceEntered(String name, String displayName, ServiceState state) {
    String word = state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    byte[] text = (name + "/" + state.code() + "\0").getBytes(StandardCharsets.UTF_16LE);
    write(
        SCM,
        7036,
        EventLevel.INFORMATION,
        "The " + displayName + " service entered the " + word + " state.",
        Map.of(
            "param1", displayName,
            "param2", word,
            "Binary", HexFormat.of().withUpperCase().formatHex(text)));
  }

  /** 7011: the SCM gave up waiting for the service to answer a control. */
  void transactionTimeout(String name) {
    write(
        SCM,
        7011,
        EventLevel.ERROR,
        "A timeout (30000 milliseconds) was reached while waiting for a transaction response from"
            + " the "
            + name
            + " service.",
        Map.of("param1", "30000", "param2", name));
  }

  void recycleRequested(String pool, int pid) {
    write(
        WAS,
        5079,
        EventLevel.INFORMATION,
        "A worker process with process id of '"
            + pid
            + "' serving application pool '"
            + pool
            + "' has requested a recycle because of an administrative request.",
        Map.of("ProcessID", Integer.toString(pid), "AppPoolID", pool));
  }

  /** Worded as in Microsoft's KB 2634635 sample, which has no quotes around pool and pid. */
  void shutdownTimeLimitExceeded(String pool, int pid) {
    write(
        WAS,
        5013,
        EventLevel.WARNING,
        "A process serving application pool "
            + pool
            + " exceeded time limits during shut down. The process id was "
            + pid
            + ".",
        Map.of("AppPoolID", pool, "ProcessID", Integer.toString(pid)));
  }

  void workerCrashed(String pool, int pid) {
    write(
        WAS,
        5009,
        EventLevel.WARNING,
        "A process serving application pool '"
            + pool
            + "' terminated unexpectedly. The process id was '"
            + pid
            + "'. The process exit code was '0xc0000005'.",
        Map.of("AppPoolID", pool, "ProcessID", Integer.toString(pid), "ExitCode", "c0000005"));
  }

  void rapidFailDisabled(String pool) {
    write(
        WAS,
        5002,
        EventLevel.ERROR,
        "Application pool '"
            + pool
            + "' is being automatically disabled due to a series of failures in the process(es)"
            + " serving that application pool.",
        Map.of("AppPoolID", pool));
  }

  void idleShutdown(String pool, int pid, long minutes) {
    write(
        WAS,
        5186,
        EventLevel.INFORMATION,
        "A worker process with process id of '"
            + pid
            + "' serving application pool '"
            + pool
            + "' was shutdown due to inactivity. Application Pool timeout configuration was set to "
            + minutes
            + " minutes. A new worker process will be started when needed.",
        Map.of("ProcessID", Integer.toString(pid), "AppPoolID", pool));
  }

  private void write(
      String provider, int id, EventLevel level, String message, Map<String, String> data) {
    records.add(new EventRecord("System", provider, id, level, timeline.now(), message, data));
  }
}
