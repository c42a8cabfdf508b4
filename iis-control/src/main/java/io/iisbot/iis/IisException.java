package io.iisbot.iis;

import java.util.Objects;

/**
 * A host operation that failed, with what was attempted, on what, the Win32/HRESULT code and a hint
 * an operator can act on. The message never contains paths or stack traces, so it may be shown in
 * chat.
 */
public class IisException extends RuntimeException {

  /** {@code ERROR_ACCESS_DENIED}: the agent is not elevated or lacks rights. */
  public static final int ACCESS_DENIED = 5;

  /** {@code ERROR_INVALID_PARAMETER}: e.g. a pid that is not a {@code w3wp.exe}. */
  public static final int INVALID_PARAMETER = 87;

  /** {@code ERROR_DEPENDENT_SERVICES_RUNNING}. */
  public static final int DEPENDENT_SERVICES_RUNNING = 1051;

  /** {@code ERROR_INVALID_SERVICE_CONTROL}: e.g. STOP sent to a STOP_PENDING service. */
  public static final int INVALID_SERVICE_CONTROL = 1052;

  /** {@code ERROR_SERVICE_REQUEST_TIMEOUT}. */
  public static final int SERVICE_REQUEST_TIMEOUT = 1053;

  /** {@code ERROR_SERVICE_ALREADY_RUNNING}: counts as success for a start. */
  public static final int SERVICE_ALREADY_RUNNING = 1056;

  /** {@code ERROR_SERVICE_DOES_NOT_EXIST}. */
  public static final int SERVICE_DOES_NOT_EXIST = 1060;

  /** {@code ERROR_SERVICE_CANNOT_ACCEPT_CTRL}: pending state, wait and retry. */
  public static final int SERVICE_CANNOT_ACCEPT_CTRL = 1061;

  /** {@code ERROR_SERVICE_NOT_ACTIVE}: counts as success for a stop. */
  public static final int SERVICE_NOT_ACTIVE = 1062;

  /** {@code ERROR_NOT_FOUND}: no such pool, site or process. */
  public static final int NOT_FOUND = 1168;

  /** {@code HRESULT_FROM_WIN32(ERROR_SERVICE_CANNOT_ACCEPT_CTRL)} as IIS's COM layer returns it. */
  public static final int HRESULT_CANNOT_ACCEPT_CTRL = 0x80070425;

  /** {@code HRESULT_FROM_WIN32(ERROR_OBJECT_NOT_FOUND)}: IIS state read too soon after a change. */
  public static final int HRESULT_OBJECT_NOT_FOUND = 0x800710D8;

  private final String operation;
  private final String target;
  private final int code;
  private final String hint;

  public IisException(String operation, String target, int code, String hint) {
    super(describe(operation, target, code, hint));
    this.operation = Objects.requireNonNull(operation, "operation");
    this.target = Objects.requireNonNull(target, "target");
    this.code = code;
    this.hint = Objects.requireNonNull(hint, "hint");
  }

  /** Error 5, with the hint that fits every way an agent ends up without the right. */
  public static IisException accessDenied(String operation, String target) {
    return new IisException(
        operation,
        target,
        ACCESS_DENIED,
        "access denied: the agent is not elevated or its account lacks the right to "
            + operation
            + " "
            + target
            + "; run the agent elevated, as a local administrator");
  }

  /** Error 1051, naming the dependents that still run. */
  public static IisException dependentsRunning(String target, java.util.List<String> running) {
    return new IisException(
        "stop service",
        target,
        DEPENDENT_SERVICES_RUNNING,
        "dependent services are still running: "
            + String.join(", ", running)
            + "; stop them first");
  }

  /** A kill refused because the pid is a service's process, not a {@code w3wp.exe}. */
  public static IisException notAWorker(int pid, java.util.List<String> hostedServices) {
    return new IisException(
        "kill worker",
        "pid " + pid,
        INVALID_PARAMETER,
        "pid "
            + pid
            + " is the svchost.exe of "
            + String.join(", ", hostedServices)
            + ", not a w3wp.exe; iisbot never kills a service's process");
  }

  /** No such pool, site, service or process. */
  public static IisException notFound(String operation, String target, String what) {
    return new IisException(operation, target, NOT_FOUND, what);
  }

  private static String describe(String operation, String target, int code, String hint) {
    return operation + " " + target + " failed (" + formatCode(code) + "): " + hint;
  }

  /** Win32 codes in decimal, HRESULTs in hex, as Windows documentation writes them. */
  public static String formatCode(int code) {
    return code < 0 || code > 0xFFFF ? String.format("0x%08X", code) : "error " + code;
  }

  public String operation() {
    return operation;
  }

  public String target() {
    return target;
  }

  public int code() {
    return code;
  }

  public String hint() {
    return hint;
  }

  /**
   * Whether waiting a moment and trying again is the right answer (pending states, fresh config).
   */
  public boolean isTransient() {
    return code == SERVICE_CANNOT_ACCEPT_CTRL
        || code == HRESULT_CANNOT_ACCEPT_CTRL
        || code == HRESULT_OBJECT_NOT_FOUND;
  }

  public boolean isAccessDenied() {
    return code == ACCESS_DENIED || code == 0x80070005;
  }
}
