package io.iisbot.iis.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ScmApi} through jna-platform's Advapi32. Loads no native library until a method runs, so
 * the class can be loaded (not used) on any OS. Thread-safe.
 */
final class JnaScmApi implements ScmApi {

  private static final String SERVICES_KEY = "SYSTEM\\CurrentControlSet\\Services\\";

  /** Display names are at most 256 characters. */
  private static final int DISPLAY_NAME_CHARS = 257;

  /** The one call jna-platform 5.19.1 does not bind. */
  interface ServiceNames extends StdCallLibrary {
    boolean GetServiceDisplayNameW(
        Winsvc.SC_HANDLE manager, String serviceName, char[] displayName, IntByReference chars);
  }

  /** Loaded on first use only, never at class initialization. */
  private static final class Lazy {
    static final ServiceNames SERVICE_NAMES =
        Native.load("Advapi32", ServiceNames.class, W32APIOptions.DEFAULT_OPTIONS);
  }

  private record JnaHandle(Winsvc.SC_HANDLE handle) implements Handle {}

  @Override
  public Handle openManager() {
    Winsvc.SC_HANDLE h = Advapi32.INSTANCE.OpenSCManager(null, null, Winsvc.SC_MANAGER_CONNECT);
    if (h == null) {
      throw new Win32Failure(Native.getLastError());
    }
    return new JnaHandle(h);
  }

  @Override
  public Handle openService(Handle manager, String name, int access) {
    Winsvc.SC_HANDLE h = Advapi32.INSTANCE.OpenService(sc(manager), name, access);
    if (h == null) {
      throw new Win32Failure(Native.getLastError());
    }
    return new JnaHandle(h);
  }

  @Override
  public Status queryStatus(Handle service) {
    Winsvc.SERVICE_STATUS_PROCESS s = new Winsvc.SERVICE_STATUS_PROCESS();
    IntByReference needed = new IntByReference();
    if (!Advapi32.INSTANCE.QueryServiceStatusEx(
        sc(service), Winsvc.SC_STATUS_TYPE.SC_STATUS_PROCESS_INFO, s, s.size(), needed)) {
      throw new Win32Failure(Native.getLastError());
    }
    return new Status(
        s.dwCurrentState, s.dwControlsAccepted, s.dwProcessId, s.dwCheckPoint, s.dwWaitHint);
  }

  @Override
  public void start(Handle service) {
    if (!Advapi32.INSTANCE.StartService(sc(service), 0, null)) {
      throw new Win32Failure(Native.getLastError());
    }
  }

  @Override
  public void control(Handle service, int control) {
    if (!Advapi32.INSTANCE.ControlService(sc(service), control, new Winsvc.SERVICE_STATUS())) {
      throw new Win32Failure(Native.getLastError());
    }
  }

  @Override
  public Dependents enumDependents(Handle service, int serviceState, int bufferBytes) {
    Memory buffer = bufferBytes > 0 ? new Memory(bufferBytes) : null;
    IntByReference needed = new IntByReference();
    IntByReference count = new IntByReference();
    boolean ok =
        Advapi32.INSTANCE.EnumDependentServices(
            sc(service), serviceState, buffer, bufferBytes, needed, count);
    int error = ok ? 0 : Native.getLastError();
    List<String> names = new ArrayList<>();
    if (ok && buffer != null && count.getValue() > 0) {
      Winsvc.ENUM_SERVICE_STATUS first =
          Structure.newInstance(Winsvc.ENUM_SERVICE_STATUS.class, buffer);
      first.read();
      for (Structure s : first.toArray(count.getValue())) {
        names.add(((Winsvc.ENUM_SERVICE_STATUS) s).lpServiceName);
      }
    }
    return new Dependents(ok, error, needed.getValue(), names);
  }

  @Override
  public String displayName(Handle manager, String name) {
    char[] buffer = new char[DISPLAY_NAME_CHARS];
    IntByReference chars = new IntByReference(buffer.length);
    if (!Lazy.SERVICE_NAMES.GetServiceDisplayNameW(sc(manager), name, buffer, chars)) {
      throw new Win32Failure(Native.getLastError());
    }
    return Native.toString(buffer);
  }

  @Override
  public Optional<List<String>> registryStrings(String name, String value) {
    try {
      if (!Advapi32Util.registryValueExists(
          WinReg.HKEY_LOCAL_MACHINE, SERVICES_KEY + name, value)) {
        return Optional.empty();
      }
      return Optional.of(
          List.of(
              Advapi32Util.registryGetStringArray(
                  WinReg.HKEY_LOCAL_MACHINE, SERVICES_KEY + name, value)));
    } catch (Win32Exception e) {
      throw new Win32Failure(e.getErrorCode());
    }
  }

  @Override
  public Optional<String> registryString(String name, String value) {
    try {
      if (!Advapi32Util.registryValueExists(
          WinReg.HKEY_LOCAL_MACHINE, SERVICES_KEY + name, value)) {
        return Optional.empty();
      }
      return Optional.of(
          Advapi32Util.registryGetStringValue(
              WinReg.HKEY_LOCAL_MACHINE, SERVICES_KEY + name, value));
    } catch (Win32Exception e) {
      throw new Win32Failure(e.getErrorCode());
    }
  }

  @Override
  public void close(Handle handle) {
    // A failed close leaves nothing to undo; the handle is gone for us either way.
    Advapi32.INSTANCE.CloseServiceHandle(sc(handle));
  }

  private static Winsvc.SC_HANDLE sc(Handle handle) {
    return ((JnaHandle) handle).handle();
  }
}
