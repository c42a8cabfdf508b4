package io.iisbot.iis.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Tlhelp32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ProcessApi} through jna-platform's Kernel32 (Toolhelp, OpenProcess, TerminateProcess) and
 * psapi's GetProcessMemoryInfo. Loads no native library until a method runs, so the class can be
 * loaded (not used) on any OS. Thread-safe.
 */
final class JnaProcessApi implements ProcessApi {

  /** Long enough for any image path Windows returns, including {@code \\?\} ones. */
  private static final int IMAGE_PATH_CHARS = 32_768;

  /** jna-platform 5.19.1 does not bind GetProcessMemoryInfo. */
  interface ProcessMemory extends StdCallLibrary {
    boolean GetProcessMemoryInfo(WinNT.HANDLE process, Pointer counters, int bytes);
  }

  /** Loaded on first use only, never at class initialization. */
  private static final class Lazy {
    static final ProcessMemory PSAPI =
        Native.load("psapi", ProcessMemory.class, W32APIOptions.DEFAULT_OPTIONS);
  }

  @Override
  public List<Entry> snapshot() {
    WinNT.HANDLE snapshot =
        Kernel32.INSTANCE.CreateToolhelp32Snapshot(
            Tlhelp32.TH32CS_SNAPPROCESS, new WinDef.DWORD(0));
    if (snapshot == null || WinBase.INVALID_HANDLE_VALUE.equals(snapshot)) {
      throw new Win32Failure(Native.getLastError());
    }
    try {
      List<Entry> entries = new ArrayList<>();
      Tlhelp32.PROCESSENTRY32.ByReference e = new Tlhelp32.PROCESSENTRY32.ByReference();
      boolean more = Kernel32.INSTANCE.Process32First(snapshot, e);
      while (more) {
        entries.add(
            new Entry(
                e.th32ProcessID.intValue(),
                e.th32ParentProcessID.intValue(),
                Native.toString(e.szExeFile)));
        more = Kernel32.INSTANCE.Process32Next(snapshot, e);
      }
      int error = Native.getLastError();
      if (error != WinError.ERROR_NO_MORE_FILES) {
        throw new Win32Failure(error);
      }
      return entries;
    } finally {
      Kernel32.INSTANCE.CloseHandle(snapshot);
    }
  }

  @Override
  public long workingSetBytes(int pid) {
    WinNT.HANDLE process =
        Kernel32.INSTANCE.OpenProcess(WinNT.PROCESS_QUERY_LIMITED_INFORMATION, false, pid);
    if (process == null) {
      return 0;
    }
    try {
      // PROCESS_MEMORY_COUNTERS: DWORD cb, DWORD PageFaultCount, then eight SIZE_T, of which
      // WorkingSetSize is the second. SIZE_T is pointer-sized and pointer-aligned, and 8 bytes of
      // DWORDs keep it aligned on both 32- and 64-bit Windows.
      int sizeT = Native.SIZE_T_SIZE;
      Memory counters = new Memory(8L + 8L * sizeT);
      counters.clear();
      counters.setInt(0, (int) counters.size());
      if (!Lazy.PSAPI.GetProcessMemoryInfo(process, counters, (int) counters.size())) {
        return 0;
      }
      long offset = 8L + sizeT;
      return sizeT == 8
          ? counters.getLong(offset)
          : Integer.toUnsignedLong(counters.getInt(offset));
    } finally {
      Kernel32.INSTANCE.CloseHandle(process);
    }
  }

  @Override
  public Optional<Opened> open(int pid) {
    WinNT.HANDLE process =
        Kernel32.INSTANCE.OpenProcess(
            WinNT.PROCESS_TERMINATE | WinNT.PROCESS_QUERY_LIMITED_INFORMATION, false, pid);
    if (process == null) {
      int error = Native.getLastError();
      // OpenProcess reports a pid no process has as an invalid parameter.
      if (error == WinError.ERROR_INVALID_PARAMETER) {
        return Optional.empty();
      }
      throw new Win32Failure(error);
    }
    return Optional.of(new JnaOpened(process));
  }

  private static final class JnaOpened implements Opened {

    private final WinNT.HANDLE process;

    JnaOpened(WinNT.HANDLE process) {
      this.process = process;
    }

    @Override
    public String image() {
      char[] path = new char[IMAGE_PATH_CHARS];
      IntByReference chars = new IntByReference(path.length);
      if (!Kernel32.INSTANCE.QueryFullProcessImageName(process, 0, path, chars)) {
        throw new Win32Failure(Native.getLastError());
      }
      String full = new String(path, 0, chars.getValue());
      // Only the file name leaves this class: a path must never reach a message.
      return full.substring(full.lastIndexOf('\\') + 1);
    }

    @Override
    public boolean exited() {
      IntByReference code = new IntByReference();
      if (!Kernel32.INSTANCE.GetExitCodeProcess(process, code)) {
        throw new Win32Failure(Native.getLastError());
      }
      return code.getValue() != WinBase.STILL_ACTIVE;
    }

    @Override
    public void terminate() {
      if (!Kernel32.INSTANCE.TerminateProcess(process, 1)) {
        throw new Win32Failure(Native.getLastError());
      }
    }

    @Override
    public void close() {
      // A failed close leaves nothing to undo; the handle is gone for us either way.
      Kernel32.INSTANCE.CloseHandle(process);
    }
  }
}
