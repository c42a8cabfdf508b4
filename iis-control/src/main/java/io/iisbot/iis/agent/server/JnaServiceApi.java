package io.iisbot.iis.agent.server;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.Winsvc;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link ServiceApi} through jna-platform's Advapi32. Loads no native library until a method runs,
 * so the class can be loaded (not used) on any OS. Thread-safe.
 */
final class JnaServiceApi implements ServiceApi {

  /**
   * Callbacks handed to Windows. JNA keeps only a weak reference to a callback object; if it were
   * collected while the SCM still holds its function pointer, the next control would jump into
   * freed memory. Held until this object goes, which is after the dispatcher returns.
   */
  private final List<Object> callbacks = new CopyOnWriteArrayList<>();

  /** {@code SERVICE_DELAYED_AUTO_START_INFO}, which jna-platform 5.19.1 does not define. */
  @Structure.FieldOrder({"fDelayedAutostart"})
  public static final class DelayedAutoStartInfo extends Winsvc.ChangeServiceConfig2Info {
    /** A {@code BOOL}: 4 bytes. */
    public int fDelayedAutostart;
  }

  private record ScHandle(Winsvc.SC_HANDLE handle) implements Handle {}

  private record StatusHandle(Winsvc.SERVICE_STATUS_HANDLE handle) implements Handle {}

  /** {@code ServiceMain}: the SCM calls it on a thread of its own. */
  private static final class ServiceMain implements Winsvc.SERVICE_MAIN_FUNCTION {
    private final Runnable body;

    ServiceMain(Runnable body) {
      this.body = body;
    }

    @Override
    public void callback(int argc, Pointer argv) {
      body.run();
    }
  }

  /** {@code HandlerEx}: the SCM calls it on the dispatcher's thread. */
  private static final class Handler implements Winsvc.HandlerEx {
    private final ControlHandler handler;

    Handler(ControlHandler handler) {
      this.handler = handler;
    }

    @Override
    public int callback(int control, int eventType, Pointer eventData, Pointer context) {
      return handler.handle(control);
    }
  }

  @Override
  public Handle openManager(int access) {
    Winsvc.SC_HANDLE h = Advapi32.INSTANCE.OpenSCManager(null, null, access);
    if (h == null) {
      throw new Failure(Native.getLastError());
    }
    return new ScHandle(h);
  }

  @Override
  public Handle createService(Handle manager, Create c) {
    Winsvc.SC_HANDLE h =
        Advapi32.INSTANCE.CreateService(
            sc(manager),
            c.name(),
            c.displayName(),
            c.access(),
            c.serviceType(),
            c.startType(),
            c.errorControl(),
            c.binaryPath(),
            null,
            null,
            null,
            c.account(),
            c.password());
    if (h == null) {
      throw new Failure(Native.getLastError());
    }
    return new ScHandle(h);
  }

  @Override
  public void setDescription(Handle service, String description) {
    Winsvc.SERVICE_DESCRIPTION info = new Winsvc.SERVICE_DESCRIPTION();
    info.lpDescription = description;
    change(service, Winsvc.SERVICE_CONFIG_DESCRIPTION, info);
  }

  @Override
  public void setFailureActions(Handle service, Duration resetPeriod, List<FailureAction> actions) {
    change(service, Winsvc.SERVICE_CONFIG_FAILURE_ACTIONS, failureActions(resetPeriod, actions));
  }

  /** {@code SERVICE_FAILURE_ACTIONS} with its {@code SC_ACTION[]} written to native memory. */
  static Winsvc.SERVICE_FAILURE_ACTIONS failureActions(
      Duration resetPeriod, List<FailureAction> actions) {
    Winsvc.SERVICE_FAILURE_ACTIONS info = new Winsvc.SERVICE_FAILURE_ACTIONS();
    info.dwResetPeriod = Math.toIntExact(resetPeriod.toSeconds());
    info.lpRebootMsg = null;
    info.lpCommand = null;
    info.cActions = actions.size();
    if (!actions.isEmpty()) {
      info.lpsaActions = new Winsvc.SC_ACTION.ByReference();
      // One contiguous SC_ACTION[]: the struct points at its first element.
      Structure[] array = info.lpsaActions.toArray(actions.size());
      for (int i = 0; i < actions.size(); i++) {
        Winsvc.SC_ACTION a = (Winsvc.SC_ACTION) array[i];
        a.type = actions.get(i).type();
        a.delay = Math.toIntExact(actions.get(i).delay().toMillis());
        // Only the first element is written with the enclosing struct; the others are ours to.
        a.write();
      }
    }
    return info;
  }

  @Override
  public void setFailureActionsOnNonCrashFailures(Handle service, boolean enabled) {
    Winsvc.SERVICE_FAILURE_ACTIONS_FLAG info = new Winsvc.SERVICE_FAILURE_ACTIONS_FLAG();
    info.fFailureActionsOnNonCrashFailures = enabled ? 1 : 0;
    change(service, Winsvc.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, info);
  }

  @Override
  public void setDelayedAutoStart(Handle service, boolean delayed) {
    change(service, Winsvc.SERVICE_CONFIG_DELAYED_AUTO_START_INFO, delayedAutoStart(delayed));
  }

  static DelayedAutoStartInfo delayedAutoStart(boolean delayed) {
    DelayedAutoStartInfo info = new DelayedAutoStartInfo();
    info.fDelayedAutostart = delayed ? 1 : 0;
    return info;
  }

  private static void change(Handle service, int level, Winsvc.ChangeServiceConfig2Info info) {
    if (!Advapi32.INSTANCE.ChangeServiceConfig2(sc(service), level, info)) {
      throw new Failure(Native.getLastError());
    }
  }

  @Override
  public Handle openService(Handle manager, String name, int access) {
    Winsvc.SC_HANDLE h = Advapi32.INSTANCE.OpenService(sc(manager), name, access);
    if (h == null) {
      throw new Failure(Native.getLastError());
    }
    return new ScHandle(h);
  }

  @Override
  public int queryState(Handle service) {
    Winsvc.SERVICE_STATUS status = new Winsvc.SERVICE_STATUS();
    if (!Advapi32.INSTANCE.QueryServiceStatus(sc(service), status)) {
      throw new Failure(Native.getLastError());
    }
    return status.dwCurrentState;
  }

  @Override
  public void control(Handle service, int control) {
    if (!Advapi32.INSTANCE.ControlService(sc(service), control, new Winsvc.SERVICE_STATUS())) {
      throw new Failure(Native.getLastError());
    }
  }

  @Override
  public void delete(Handle service) {
    if (!Advapi32.INSTANCE.DeleteService(sc(service))) {
      throw new Failure(Native.getLastError());
    }
  }

  @Override
  public void close(Handle handle) {
    // A failed close leaves nothing to undo; the handle is gone for us either way.
    Advapi32.INSTANCE.CloseServiceHandle(sc(handle));
  }

  @Override
  public void runDispatcher(String serviceName, Runnable serviceMain) {
    ServiceMain main = new ServiceMain(serviceMain);
    callbacks.add(main);
    Winsvc.SERVICE_TABLE_ENTRY entry = new Winsvc.SERVICE_TABLE_ENTRY();
    entry.lpServiceName = serviceName;
    entry.lpServiceProc = main;
    // The table ends with an all-null entry; toArray makes the two contiguous.
    Winsvc.SERVICE_TABLE_ENTRY[] table = (Winsvc.SERVICE_TABLE_ENTRY[]) entry.toArray(2);
    try {
      if (!Advapi32.INSTANCE.StartServiceCtrlDispatcher(table)) {
        throw new Failure(Native.getLastError());
      }
    } finally {
      // The SCM may call either callback until the dispatcher returns.
      Reference.reachabilityFence(table);
      Reference.reachabilityFence(main);
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public Handle registerControlHandler(String serviceName, ControlHandler handler) {
    Handler callback = new Handler(handler);
    callbacks.add(callback);
    Winsvc.SERVICE_STATUS_HANDLE h =
        Advapi32.INSTANCE.RegisterServiceCtrlHandlerEx(serviceName, callback, null);
    if (h == null) {
      throw new Failure(Native.getLastError());
    }
    return new StatusHandle(h);
  }

  @Override
  public void setStatus(Handle statusHandle, Status status) {
    Winsvc.SERVICE_STATUS s = new Winsvc.SERVICE_STATUS();
    s.dwServiceType = WinNT.SERVICE_WIN32_OWN_PROCESS;
    s.dwCurrentState = status.state();
    s.dwControlsAccepted = status.controlsAccepted();
    s.dwWin32ExitCode = status.win32ExitCode();
    s.dwServiceSpecificExitCode = status.serviceSpecificExitCode();
    s.dwCheckPoint = status.checkpoint();
    s.dwWaitHint = status.waitHintMillis();
    if (!Advapi32.INSTANCE.SetServiceStatus(((StatusHandle) statusHandle).handle(), s)) {
      throw new Failure(Native.getLastError());
    }
  }

  private static Winsvc.SC_HANDLE sc(Handle handle) {
    return ((ScHandle) handle).handle();
  }
}
