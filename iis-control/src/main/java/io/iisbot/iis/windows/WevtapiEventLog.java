package io.iisbot.iis.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.platform.win32.Wevtapi;
import com.sun.jna.platform.win32.WevtapiUtil;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.Winevt.EVT_HANDLE;
import com.sun.jna.platform.win32.Winevt.EVT_QUERY_FLAGS;
import com.sun.jna.platform.win32.Winevt.EVT_RENDER_FLAGS;
import com.sun.jna.ptr.IntByReference;
import io.iisbot.iis.IisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Event Log through {@code wevtapi.dll}: {@code EvtQuery} newest first, {@code EvtNext} in
 * small batches, {@code EvtRender} to XML, {@code EvtClose} on every handle. Windows only at run
 * time; the class loads anywhere, since nothing native is touched before {@link #query}. Stateless;
 * each call uses its own handles, so it is thread-safe.
 */
final class WevtapiEventLog implements EventLogReader {

  /** Events fetched per {@code EvtNext} call. */
  static final int BATCH = 16;

  /** How long one {@code EvtNext} may wait for the service before the read fails. */
  static final Duration NEXT_TIMEOUT = Duration.ofSeconds(10);

  private static final String OPERATION = "read events";

  @Override
  public List<String> query(String channel, String xpath, int max) {
    if (channel == null || channel.isBlank()) {
      throw new IllegalArgumentException("a channel is needed, e.g. System");
    }
    if (xpath == null || xpath.isBlank()) {
      throw new IllegalArgumentException("an XPath query is needed");
    }
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
    EVT_HANDLE query =
        Wevtapi.INSTANCE.EvtQuery(
            null,
            channel,
            xpath,
            EVT_QUERY_FLAGS.EvtQueryChannelPath | EVT_QUERY_FLAGS.EvtQueryReverseDirection);
    if (query == null) {
      throw failure(channel, Native.getLastError());
    }
    try {
      return read(query, channel, max);
    } finally {
      Wevtapi.INSTANCE.EvtClose(query);
    }
  }

  private static List<String> read(EVT_HANDLE query, String channel, int max) {
    List<String> events = new ArrayList<>();
    EVT_HANDLE[] batch = new EVT_HANDLE[BATCH];
    while (events.size() < max) {
      IntByReference returned = new IntByReference();
      int wanted = Math.min(BATCH, max - events.size());
      boolean ok =
          Wevtapi.INSTANCE.EvtNext(
              query, wanted, batch, (int) NEXT_TIMEOUT.toMillis(), 0, returned);
      int error = ok ? 0 : Native.getLastError();
      int count = Math.min(returned.getValue(), wanted);
      try {
        for (int i = 0; ok && i < count; i++) {
          events.add(render(batch[i], channel));
        }
      } finally {
        close(batch, count);
      }
      if (!ok) {
        // 4317 (ERROR_INVALID_OPERATION) with nothing returned also means the end of the results.
        if (error == WinError.ERROR_NO_MORE_ITEMS
            || (error == WinError.ERROR_INVALID_OPERATION && count == 0)) {
          break;
        }
        throw failure(channel, error);
      }
      if (count == 0) {
        break;
      }
    }
    return events;
  }

  private static String render(EVT_HANDLE event, String channel) {
    try {
      Memory xml =
          WevtapiUtil.EvtRender(
              null, event, EVT_RENDER_FLAGS.EvtRenderEventXml, new IntByReference());
      return xml.getWideString(0);
    } catch (Win32Exception e) {
      throw failure(channel, e.getErrorCode());
    }
  }

  private static void close(EVT_HANDLE[] batch, int count) {
    for (int i = 0; i < count; i++) {
      if (batch[i] != null) {
        Wevtapi.INSTANCE.EvtClose(batch[i]);
        batch[i] = null;
      }
    }
  }

  /** A Win32 failure as the operator should read it. */
  static IisException failure(String channel, int code) {
    String hint =
        switch (code) {
          case IisException.ACCESS_DENIED ->
              "access denied: run the agent elevated, or add its account to the Event Log Readers"
                  + " group";
          case WinError.ERROR_EVT_CHANNEL_NOT_FOUND ->
              "no event log channel with this name on the host";
          case WinError.ERROR_EVT_INVALID_QUERY ->
              "the Event Log rejected the query as invalid; this is a bug in iisbot";
          case WinError.ERROR_TIMEOUT ->
              "the Event Log service did not answer within "
                  + NEXT_TIMEOUT.toSeconds()
                  + " s; check that the Windows Event Log service is running";
          default -> "the Event Log returned an error";
        };
    return new IisException(OPERATION, channel, code, hint);
  }
}
