package io.iisbot.iis.windows;

import io.iisbot.iis.IisException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ProcessTable} from a Toolhelp snapshot. A kill is checked twice: against a fresh snapshot
 * (which answers whatever the agent's rights) and against the handle that then does the kill (which
 * pins the process, so a pid reused in between cannot be hit). Never terminates {@code
 * svchost.exe}: W3SVC and WAS live in one, and a service is stopped through the SCM, not killed.
 * Thread-safe: it keeps no state between calls.
 */
final class ToolhelpProcessTable implements ProcessTable {

  static final String SVCHOST = "svchost.exe";

  private static final String LIST = "list processes";
  private static final String TERMINATE = "terminate process";

  private final ProcessApi api;

  /** The real processes of this host. */
  ToolhelpProcessTable() {
    this(new JnaProcessApi());
  }

  ToolhelpProcessTable(ProcessApi api) {
    this.api = api;
  }

  @Override
  public List<ProcessEntry> processes(String image) {
    Objects.requireNonNull(image, "image");
    List<ProcessApi.Entry> snapshot;
    try {
      snapshot = api.snapshot();
    } catch (Win32Failure f) {
      throw Win32Errors.translate(LIST, image, f.code());
    }
    return snapshot.stream()
        .filter(e -> e.image().equalsIgnoreCase(image))
        .map(e -> new ProcessEntry(e.pid(), e.parentPid(), e.image(), api.workingSetBytes(e.pid())))
        .toList();
  }

  @Override
  public void terminate(int pid, String expectedImage) {
    Objects.requireNonNull(expectedImage, "expectedImage");
    String target = String.valueOf(pid);
    if (pid <= 0) {
      throw new IisException(
          TERMINATE, target, IisException.INVALID_PARAMETER, "not a process id: " + pid);
    }
    if (expectedImage.equalsIgnoreCase(SVCHOST)) {
      throw svchost(target);
    }
    try {
      checkImage(target, expectedImage, imageInSnapshot(pid, target));
      Optional<ProcessApi.Opened> opened = api.open(pid);
      if (opened.isEmpty()) {
        throw gone(target);
      }
      try (ProcessApi.Opened process = opened.get()) {
        if (process.exited()) {
          throw gone(target);
        }
        checkImage(target, expectedImage, process.image());
        kill(process, target);
      }
    } catch (Win32Failure f) {
      throw Win32Errors.translate(TERMINATE, target, f.code());
    }
  }

  private void kill(ProcessApi.Opened process, String target) {
    try {
      process.terminate();
    } catch (Win32Failure f) {
      // TerminateProcess answers "access denied" for a process that exited after our check.
      if (f.code() == IisException.ACCESS_DENIED && process.exited()) {
        throw gone(target);
      }
      throw f;
    }
  }

  private String imageInSnapshot(int pid, String target) {
    return api.snapshot().stream()
        .filter(e -> e.pid() == pid)
        .map(ProcessApi.Entry::image)
        .findFirst()
        .orElseThrow(() -> gone(target));
  }

  private static void checkImage(String target, String expected, String actual) {
    if (actual.equalsIgnoreCase(SVCHOST)) {
      throw svchost(target);
    }
    if (!actual.equalsIgnoreCase(expected)) {
      throw new IisException(
          TERMINATE,
          target,
          IisException.INVALID_PARAMETER,
          "process "
              + target
              + " is now "
              + Names.printable(actual)
              + ", not "
              + Names.printable(expected)
              + ": the pid was reused, so nothing was terminated");
    }
  }

  private static IisException svchost(String target) {
    return new IisException(
        TERMINATE,
        target,
        IisException.INVALID_PARAMETER,
        "process "
            + target
            + " is svchost.exe, which hosts Windows services (W3SVC and WAS among them);"
            + " it is never terminated: stop the service instead");
  }

  private static IisException gone(String target) {
    return IisException.notFound(
        TERMINATE, target, "process " + target + " has already exited; nothing to terminate");
  }
}
