package io.iisbot.iis.agent.server;

/**
 * The Event Log calls {@link EventLogHandler} needs, one native call per method, so that the
 * handler can be tested without Windows.
 */
interface EventLogApi {

  /** An open event source. */
  interface Source {}

  /**
   * {@code RegisterEventSource} on the local host.
   *
   * @return the source, or null when Windows refused
   */
  Source open(String sourceName);

  /**
   * {@code ReportEvent} with one insertion string, no category, no SID and no binary data.
   *
   * @return whether Windows accepted the event
   */
  boolean report(Source source, int type, int eventId, String message);

  /** {@code DeregisterEventSource}; never throws. */
  void close(Source source);
}
