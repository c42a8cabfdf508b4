package io.iisbot.iis.windows;

import java.util.List;
import java.util.Optional;

/**
 * The process calls {@link ToolhelpProcessTable} needs, one native call (or one handle's life) per
 * method and no policy, so that the policy can be tested without Windows. Methods throw {@link
 * Win32Failure} with the code Windows reported.
 */
interface ProcessApi {

  /** One {@code PROCESSENTRY32}: the image is the file name only, never a path. */
  record Entry(int pid, int parentPid, String image) {}

  /**
   * A process opened with {@code PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION}. The handle
   * pins the process object, so what {@link #image} reports is what {@link #terminate} kills even
   * if the pid is reused meanwhile.
   */
  interface Opened extends AutoCloseable {

    /** The image's file name ({@code QueryFullProcessImageName} without the directory). */
    String image();

    /** Whether the process has exited (its handle still exists). */
    boolean exited();

    /** {@code TerminateProcess}. */
    void terminate();

    /** {@code CloseHandle}; never throws. */
    @Override
    void close();
  }

  /** Every process in a fresh {@code CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS)}. */
  List<Entry> snapshot();

  /** The working set in bytes, 0 when the process cannot be opened or read. */
  long workingSetBytes(int pid);

  /** Opens {@code pid} to check and kill it; empty when no process has that pid. */
  Optional<Opened> open(int pid);
}
