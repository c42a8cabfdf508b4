package io.iisbot.iis.agent.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The Service Control Manager calls {@link WindowsService} needs, one native call per method and no
 * policy, so that the policy can be tested without Windows. Every method that can fail throws
 * {@link Failure} with the code Windows reported.
 */
interface ServiceApi {

  /** An open SCM, service or service-status handle. */
  interface Handle {}

  /** A failed native call and its Win32 code; carries no Windows message text. */
  final class Failure extends RuntimeException {

    private final int code;

    Failure(int code) {
      super("error " + code, null, false, false);
      this.code = code;
    }

    int code() {
      return code;
    }
  }

  /**
   * The arguments of {@code CreateService} that vary; the rest are always null (no load order
   * group, no tag, no dependencies).
   *
   * @param account {@code lpServiceStartName}
   * @param password {@code lpPassword}; null for virtual and built-in accounts
   */
  record Create(
      String name,
      String displayName,
      int access,
      int serviceType,
      int startType,
      int errorControl,
      String binaryPath,
      String account,
      String password) {

    public Create {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(binaryPath, "binaryPath");
    }

    /** Never shows the password. */
    @Override
    public String toString() {
      return "Create[name="
          + name
          + ", displayName="
          + displayName
          + ", access=0x"
          + Integer.toHexString(access)
          + ", serviceType=0x"
          + Integer.toHexString(serviceType)
          + ", startType="
          + startType
          + ", errorControl="
          + errorControl
          + ", binaryPath="
          + binaryPath
          + ", account="
          + account
          + ", password="
          + (password == null ? "null" : "***")
          + "]";
    }
  }

  /** One {@code SC_ACTION}. */
  record FailureAction(int type, Duration delay) {
    public FailureAction {
      Objects.requireNonNull(delay, "delay");
    }
  }

  /** {@code SERVICE_STATUS} as a service reports it about itself. */
  record Status(
      int state,
      int controlsAccepted,
      int win32ExitCode,
      int serviceSpecificExitCode,
      int checkpoint,
      int waitHintMillis) {}

  /** What the SCM calls when a control arrives; returns a Win32 code (0: handled). */
  @FunctionalInterface
  interface ControlHandler {
    int handle(int control);
  }

  /** {@code OpenSCManager} on the local host with {@code access}. */
  Handle openManager(int access);

  /** {@code CreateService}; the returned handle has {@link Create#access()}. */
  Handle createService(Handle manager, Create create);

  /** {@code ChangeServiceConfig2(SERVICE_CONFIG_DESCRIPTION)}. */
  void setDescription(Handle service, String description);

  /**
   * {@code ChangeServiceConfig2(SERVICE_CONFIG_FAILURE_ACTIONS)} without reboot message or command.
   */
  void setFailureActions(Handle service, Duration resetPeriod, List<FailureAction> actions);

  /** {@code ChangeServiceConfig2(SERVICE_CONFIG_FAILURE_ACTIONS_FLAG)}. */
  void setFailureActionsOnNonCrashFailures(Handle service, boolean enabled);

  /** {@code ChangeServiceConfig2(SERVICE_CONFIG_DELAYED_AUTO_START_INFO)}. */
  void setDelayedAutoStart(Handle service, boolean delayed);

  /** {@code OpenService} with exactly {@code access}. */
  Handle openService(Handle manager, String name, int access);

  /** {@code QueryServiceStatus}: the current state ({@code SERVICE_STOPPED} ...). */
  int queryState(Handle service);

  /** {@code ControlService}. */
  void control(Handle service, int control);

  /** {@code DeleteService}. */
  void delete(Handle service);

  /** {@code CloseServiceHandle}; never throws. */
  void close(Handle handle);

  /**
   * {@code StartServiceCtrlDispatcher} with one entry whose {@code ServiceMain} runs {@code
   * serviceMain}. Blocks until the service has reported {@code SERVICE_STOPPED}. {@code
   * serviceMain} runs on a thread the SCM creates and must not throw.
   */
  void runDispatcher(String serviceName, Runnable serviceMain);

  /**
   * {@code RegisterServiceCtrlHandlerEx}; the returned status handle needs no closing. {@code
   * handler} runs on the dispatcher's thread and must not throw.
   */
  Handle registerControlHandler(String serviceName, ControlHandler handler);

  /** {@code SetServiceStatus}. */
  void setStatus(Handle statusHandle, Status status);
}
