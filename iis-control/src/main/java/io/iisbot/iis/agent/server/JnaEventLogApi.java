package io.iisbot.iis.agent.server;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;

/**
 * {@link EventLogApi} through jna-platform's Advapi32. Loads no native library until a method runs,
 * so the class can be loaded (not used) on any OS. Thread-safe.
 *
 * <p>The source is not registered under {@code
 * HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application}, and no message DLL is shipped (no
 * binary is). Windows still writes the event to the Application log under the source name, and
 * Event Viewer shows our text after a preface saying that "the description for Event ID 1000 from
 * source iisbot-agent cannot be found". That is accepted: the text is all there, and a message DLL
 * would be a native binary to build, sign and ship.
 */
final class JnaEventLogApi implements EventLogApi {

  private record JnaSource(WinNT.HANDLE handle) implements Source {}

  @Override
  public Source open(String sourceName) {
    WinNT.HANDLE h = Advapi32.INSTANCE.RegisterEventSource(null, sourceName);
    return h == null ? null : new JnaSource(h);
  }

  @Override
  public boolean report(Source source, int type, int eventId, String message) {
    return Advapi32.INSTANCE.ReportEvent(
        ((JnaSource) source).handle(), type, 0, eventId, null, 1, 0, new String[] {message}, null);
  }

  @Override
  public void close(Source source) {
    // Nothing to undo if it fails: the handle is gone for us either way.
    Advapi32.INSTANCE.DeregisterEventSource(((JnaSource) source).handle());
  }
}
