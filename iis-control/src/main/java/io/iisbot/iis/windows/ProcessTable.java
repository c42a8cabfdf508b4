package io.iisbot.iis.windows;

import java.util.List;

/** The host's processes, from a Toolhelp snapshot. */
interface ProcessTable {

  /** A process as the snapshot shows it. */
  record ProcessEntry(int pid, int parentPid, String image, long workingSetBytes) {}

  /** Processes whose image name is {@code image} (case-insensitive), e.g. {@code w3wp.exe}. */
  List<ProcessEntry> processes(String image);

  /**
   * Terminates {@code pid} only if, at that moment, its image is still {@code expectedImage}: a pid
   * can be reused by another process between a listing and a kill.
   *
   * @throws io.iisbot.iis.IisException NOT_FOUND when the pid is gone, INVALID_PARAMETER when it is
   *     another program now
   */
  void terminate(int pid, String expectedImage);
}
