package io.iisbot.iis.agent.server;

import com.sun.jna.platform.win32.WinError;
import io.iisbot.iis.IisException;

/**
 * Turns a Win32 code from installing, removing or running the agent's service into an {@link
 * IisException} whose hint tells the operator at the console what to do next. Pure and thread-safe.
 */
final class ServiceErrors {

  private ServiceErrors() {}

  /**
   * The exception for {@code code}, raised while doing {@code operation} to service {@code name}.
   */
  static IisException translate(String operation, String name, int code) {
    return new IisException(operation, name, code, hint(name, code));
  }

  private static String hint(String name, int code) {
    switch (code) {
      case WinError.ERROR_ACCESS_DENIED:
        return "access denied; run this from an elevated prompt (Run as administrator)";
      case WinError.ERROR_SERVICE_EXISTS:
        return "a service named "
            + name
            + " already exists; remove it first (the agent's remove command, or sc.exe delete "
            + name
            + " from an elevated prompt), then install again";
      case WinError.ERROR_DUPLICATE_SERVICE_NAME:
        return "another service already uses this display name; choose another display name";
      case WinError.ERROR_SERVICE_DOES_NOT_EXIST:
        return "no such service: " + name + " is not installed on this host";
      case WinError.ERROR_SERVICE_MARKED_FOR_DELETE:
        return "the service is marked for deletion; close every tool holding it open"
            + " (services.msc, Event Viewer, Task Manager's Services tab) or reboot, then retry";
      case WinError.ERROR_INVALID_SERVICE_ACCOUNT:
        return "Windows does not know the account; check its spelling (DOMAIN\\user, .\\user,"
            + " NT SERVICE\\"
            + name
            + ", NT AUTHORITY\\LocalService)";
      case WinError.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT:
        return "this command is run by the Service Control Manager, not by hand; start the"
            + " service with sc.exe start "
            + name
            + " (or Start-Service), or run the agent in the foreground";
      default:
        return "Windows reported "
            + IisException.formatCode(code)
            + "; no specific advice for it (certutil -error "
            + code
            + " describes it)";
    }
  }
}
