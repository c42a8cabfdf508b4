package io.iisbot.iis.windows;

import io.iisbot.iis.IisException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a Win32 error or HRESULT into an {@link IisException} whose hint tells an operator what to
 * do. Hints name the operation, the target and the next step; never a path, a Windows message text
 * or a stack trace, so they may be shown in chat. Pure and thread-safe.
 */
final class Win32Errors {

  static final int ERROR_TIMEOUT = 1460;
  static final int ERROR_SERVICE_DISABLED = 1058;
  static final int ERROR_SERVICE_DEPENDENCY_FAIL = 1068;
  static final int ERROR_SERVICE_MARKED_FOR_DELETE = 1072;
  static final int ERROR_SERVICE_DEPENDENCY_DELETED = 1075;
  static final int E_ACCESSDENIED = 0x80070005;

  private Win32Errors() {}

  /** The exception for {@code code}, raised while doing {@code operation} to {@code target}. */
  static IisException translate(String operation, String target, int code) {
    return translate(operation, target, code, List.of());
  }

  /**
   * As {@link #translate(String, String, int)}, with context the code alone cannot give: for 1051,
   * the names of the dependents that still run (empty when they could not be listed).
   */
  static IisException translate(
      String operation, String target, int code, List<String> runningDependents) {
    switch (code) {
      case IisException.ACCESS_DENIED:
        return IisException.accessDenied(operation, target);
      case E_ACCESSDENIED:
        // Same advice as error 5, keeping the HRESULT the caller saw.
        return new IisException(
            operation, target, code, IisException.accessDenied(operation, target).hint());
      case IisException.DEPENDENT_SERVICES_RUNNING:
        return dependentsRunning(operation, target, runningDependents);
      default:
        return new IisException(operation, target, code, hint(target, code));
    }
  }

  private static IisException dependentsRunning(
      String operation, String target, List<String> running) {
    if (running.isEmpty()) {
      return new IisException(
          operation,
          target,
          IisException.DEPENDENT_SERVICES_RUNNING,
          "dependent services are still running; stop them first (sc.exe enumdepend "
              + target
              + " lists them)");
    }
    // Names come from the SCM, not from us: escape them so none can forge a line in chat.
    String names = running.stream().map(Names::printable).collect(Collectors.joining(", "));
    return new IisException(
        operation,
        target,
        IisException.DEPENDENT_SERVICES_RUNNING,
        "dependent services are still running: " + names + "; stop them first");
  }

  private static String hint(String target, int code) {
    switch (code) {
      case IisException.INVALID_SERVICE_CONTROL:
        return "the service cannot take this control in its current state, typically because a"
            + " stop is already in progress; wait for it to finish, then query it again";
      case IisException.SERVICE_REQUEST_TIMEOUT:
        return "the service did not respond to the control in time; query it again, and check"
            + " the System event log (Service Control Manager 7009, 7011) if it stays pending";
      case IisException.SERVICE_ALREADY_RUNNING:
        return "the service is already running; nothing to start";
      case ERROR_SERVICE_DISABLED:
        return "the service is disabled; re-enable it (services.msc, or sc.exe config "
            + target
            + " start= auto) and try again";
      case IisException.SERVICE_DOES_NOT_EXIST:
        return "the service is not installed on this host; is IIS installed, with the role"
            + " service that provides it (Web-Server for W3SVC, WAS-Process-Model for WAS)?";
      case IisException.SERVICE_CANNOT_ACCEPT_CTRL:
        return "the service is starting, stopping or pausing and cannot take controls now;"
            + " wait a moment and retry";
      case IisException.SERVICE_NOT_ACTIVE:
        return "the service is not running; nothing to stop";
      case ERROR_SERVICE_DEPENDENCY_FAIL:
        return "a service it depends on failed to start; start the dependencies first and check"
            + " the System event log (Service Control Manager 7000, 7001)";
      case ERROR_SERVICE_DEPENDENCY_DELETED:
        return "a service it depends on does not exist or is marked for deletion; check its"
            + " dependencies with sc.exe qc "
            + target;
      case ERROR_SERVICE_MARKED_FOR_DELETE:
        return "the service is marked for deletion; close every tool holding it open"
            + " (services.msc, Event Viewer) or reboot the host";
      case ERROR_TIMEOUT:
        return "Windows timed out; query the current state before trying again";
      case IisException.NOT_FOUND:
        return "no such object; it may have just exited or been removed";
      case IisException.HRESULT_CANNOT_ACCEPT_CTRL:
        return "IIS is in a pending state and cannot take this request now; wait a moment and"
            + " retry";
      case IisException.HRESULT_OBJECT_NOT_FOUND:
        return "IIS was read too soon after a change and the object is not visible yet; retry"
            + " in a moment";
      default:
        return "Windows reported "
            + IisException.formatCode(code)
            + "; no specific advice for it (certutil -error "
            + String.format("0x%X", code)
            + " on the host describes it)";
    }
  }
}
