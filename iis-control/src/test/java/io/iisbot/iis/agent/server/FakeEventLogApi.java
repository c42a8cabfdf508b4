package io.iisbot.iis.agent.server;

import java.util.ArrayList;
import java.util.List;

/** An Event Log in memory: records what was reported, and fails when told to. */
final class FakeEventLogApi implements EventLogApi {

  record Event(int type, int eventId, String message) {}

  record FakeSource(String name) implements Source {}

  final List<Event> events = new ArrayList<>();
  final List<String> calls = new ArrayList<>();

  /** {@link #open} refuses this many times before it succeeds. */
  int openRefusals;

  /** {@link #report} returns false. */
  boolean refuse;

  /** {@link #report} throws this. */
  Throwable throwOnReport;

  @Override
  public Source open(String sourceName) {
    calls.add("open(" + sourceName + ")");
    if (openRefusals > 0) {
      openRefusals--;
      return null;
    }
    return new FakeSource(sourceName);
  }

  @Override
  public boolean report(Source source, int type, int eventId, String message) {
    calls.add("report");
    if (throwOnReport instanceof RuntimeException) {
      throw (RuntimeException) throwOnReport;
    }
    if (throwOnReport instanceof Error) {
      throw (Error) throwOnReport;
    }
    if (refuse) {
      return false;
    }
    events.add(new Event(type, eventId, message));
    return true;
  }

  @Override
  public void close(Source source) {
    calls.add("close(" + ((FakeSource) source).name() + ")");
  }
}
