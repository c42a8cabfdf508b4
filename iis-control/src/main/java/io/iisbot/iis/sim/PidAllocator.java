package io.iisbot.iis.sim;

/** Process ids as Windows hands them out: multiples of four, never reused within a run. */
final class PidAllocator {

  private int next;

  PidAllocator(int first) {
    this.next = first;
  }

  int next() {
    int pid = next;
    next += 4;
    return pid;
  }
}
