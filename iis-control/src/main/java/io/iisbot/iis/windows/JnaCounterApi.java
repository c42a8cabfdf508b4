package io.iisbot.iis.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Pdh;
import com.sun.jna.platform.win32.PdhMsg;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link CounterApi} through PDH: one query, one English counter path with a wildcard instance
 * (expanded by PDH at each collection, so workers started since are included), one collection, the
 * values formatted as 64-bit integers. Loads no native library until a method runs. Thread-safe:
 * each call has its own query.
 */
final class JnaCounterApi implements CounterApi {

  /**
   * {@code PDH_FMT_COUNTERVALUE_ITEM_W}: an {@code LPWSTR} name, then {@code PDH_FMT_COUNTERVALUE}
   * (a DWORD status and an 8-byte union), which is 8-aligned: 24 bytes on 32- and 64-bit alike.
   */
  private static final int ITEM_BYTES = 24;

  private static final int STATUS_OFFSET = 8;
  private static final int VALUE_OFFSET = 16;

  /** jna-platform 5.19.1 binds no formatted-value call. */
  interface FormattedValues extends StdCallLibrary {
    int PdhGetFormattedCounterArrayW(
        WinNT.HANDLE counter,
        int format,
        IntByReference bytes,
        IntByReference count,
        Pointer items);
  }

  /** Loaded on first use only, never at class initialization. */
  private static final class Lazy {
    static final FormattedValues PDH =
        Native.load("Pdh", FormattedValues.class, W32APIOptions.DEFAULT_OPTIONS);
  }

  @Override
  public List<Sample> read(String englishPath) {
    WinNT.HANDLEByReference query = new WinNT.HANDLEByReference();
    check(Pdh.INSTANCE.PdhOpenQuery(null, new BaseTSD.DWORD_PTR(0), query));
    try {
      WinNT.HANDLEByReference counter = new WinNT.HANDLEByReference();
      check(
          Pdh.INSTANCE.PdhAddEnglishCounter(
              query.getValue(), englishPath, new BaseTSD.DWORD_PTR(0), counter));
      // PDH_NO_DATA is not "no requests": it is also what a process that is not elevated gets.
      check(Pdh.INSTANCE.PdhCollectQueryData(query.getValue()));
      return values(counter.getValue());
    } finally {
      // Closing the query closes its counters too.
      Pdh.INSTANCE.PdhCloseQuery(query.getValue());
    }
  }

  private static List<Sample> values(WinNT.HANDLE counter) {
    IntByReference bytes = new IntByReference(0);
    IntByReference count = new IntByReference(0);
    int sizing =
        Lazy.PDH.PdhGetFormattedCounterArrayW(counter, Pdh.PDH_FMT_LARGE, bytes, count, null);
    if (sizing != PdhMsg.PDH_CSTATUS_VALID_DATA && sizing != PdhMsg.PDH_MORE_DATA) {
      // Never read a failure as "no instances": a drain would take it for idle workers.
      throw new Win32Failure(sizing);
    }
    if (sizing == PdhMsg.PDH_CSTATUS_VALID_DATA || bytes.getValue() == 0) {
      return List.of();
    }
    Memory items = new Memory(bytes.getValue());
    check(Lazy.PDH.PdhGetFormattedCounterArrayW(counter, Pdh.PDH_FMT_LARGE, bytes, count, items));
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < count.getValue(); i++) {
      long item = (long) i * ITEM_BYTES;
      int status = items.getInt(item + STATUS_OFFSET);
      // An instance that vanished between expansion and formatting has no valid value.
      if (status == PdhMsg.PDH_CSTATUS_VALID_DATA || status == PdhMsg.PDH_CSTATUS_NEW_DATA) {
        samples.add(
            new Sample(
                items.getPointer(item).getWideString(0), items.getLong(item + VALUE_OFFSET)));
      }
    }
    return samples;
  }

  private static void check(int status) {
    if (status != PdhMsg.PDH_CSTATUS_VALID_DATA) {
      throw new Win32Failure(status);
    }
  }
}
