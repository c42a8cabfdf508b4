package io.iisbot.iis.windows;

import java.util.List;
import java.util.Optional;

/**
 * The Service Control Manager calls {@link JnaServiceControl} needs, one native call per method and
 * no policy, so that the policy can be tested without Windows. Every method throws {@link
 * Win32Failure} with the code Windows reported.
 */
interface ScmApi {

  /** An open SCM or service handle; give it back to {@link #close}. */
  interface Handle {}

  /** {@code SERVICE_STATUS_PROCESS}, the fields we read. */
  record Status(int state, int controlsAccepted, int pid, int checkpoint, int waitHintMillis) {}

  /**
   * What one {@code EnumDependentServices} call returned.
   *
   * @param ok the call's result
   * @param error the last error when {@code ok} is false, else 0
   * @param bytesNeeded {@code pcbBytesNeeded}
   * @param names the services in the buffer when {@code ok}
   */
  record Dependents(boolean ok, int error, int bytesNeeded, List<String> names) {
    public Dependents {
      names = List.copyOf(names);
    }
  }

  /** {@code OpenSCManager} on the local host with {@code SC_MANAGER_CONNECT}. */
  Handle openManager();

  /** {@code OpenService} with exactly {@code access}. */
  Handle openService(Handle manager, String name, int access);

  /** {@code QueryServiceStatusEx(SC_STATUS_PROCESS_INFO)}. */
  Status queryStatus(Handle service);

  /** {@code StartService} without arguments. */
  void start(Handle service);

  /** {@code ControlService}. */
  void control(Handle service, int control);

  /**
   * One raw {@code EnumDependentServices} call with a buffer of {@code bufferBytes} (0: no buffer,
   * the sizing call). Does not throw on failure: the caller decides what each result means.
   */
  Dependents enumDependents(Handle service, int serviceState, int bufferBytes);

  /** {@code GetServiceDisplayName}: the localized display name, indirect strings resolved. */
  String displayName(Handle manager, String name);

  /**
   * A {@code REG_MULTI_SZ} value of {@code HKLM\SYSTEM\CurrentControlSet\Services\<name>}; empty
   * when the value does not exist.
   */
  Optional<List<String>> registryStrings(String name, String value);

  /** A {@code REG_SZ} value of the service's key; empty when the value does not exist. */
  Optional<String> registryString(String name, String value);

  /** {@code CloseServiceHandle}; never throws. */
  void close(Handle handle);
}
