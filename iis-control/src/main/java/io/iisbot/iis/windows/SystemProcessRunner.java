package io.iisbot.iis.windows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program through {@link ProcessBuilder}: the argument list reaches the operating system as
 * it is, never through {@code cmd /c} or a shell. Standard output and standard error are read by
 * two threads while the program runs, so a program that writes a lot to both cannot block on a full
 * pipe. Standard input is closed at once.
 *
 * <p>On timeout the program and its descendants are killed and the result has {@code
 * timedOut=true}, exit code {@value #KILLED} and whatever output was read until then. If the
 * calling thread is interrupted, the same kill happens, the interrupt flag is restored and a {@link
 * CancellationException} is thrown.
 *
 * <p>Thread-safe: it keeps no state between calls.
 */
public final class SystemProcessRunner implements ProcessRunner {

  /** The exit code reported for a program that was killed after its timeout. */
  public static final int KILLED = -1;

  /**
   * How long to wait for the output readers once the program is gone. They normally finish at once;
   * a grandchild that escaped the kill and still holds a pipe must not hold us too.
   */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

  /** More output than any appcmd listing; beyond it bytes are read and dropped to spare memory. */
  private static final int MAX_CAPTURE_BYTES = 32 * 1024 * 1024;

  private final Charset charset;
  private final ThreadFactory readerThreads;

  /** Decodes output with the platform's {@code native.encoding} (the ANSI code page on Windows). */
  public SystemProcessRunner() {
    this(nativeCharset());
  }

  /** Decodes output with {@code charset}. */
  public SystemProcessRunner(Charset charset) {
    this(charset, SystemProcessRunner::daemon);
  }

  SystemProcessRunner(Charset charset, ThreadFactory readerThreads) {
    this.charset = Objects.requireNonNull(charset, "charset");
    this.readerThreads = Objects.requireNonNull(readerThreads, "readerThreads");
  }

  /** {@code native.encoding} (Java 17+), or the default charset when it is missing or unknown. */
  static Charset nativeCharset() {
    String name = System.getProperty("native.encoding");
    if (name == null || name.isBlank()) {
      return Charset.defaultCharset();
    }
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      // An unsupported or malformed name: fall back rather than refuse to run anything.
      return Charset.defaultCharset();
    }
  }

  Charset charset() {
    return charset;
  }

  @Override
  public ProcessResult run(List<String> command, Duration timeout) {
    List<String> argv = List.copyOf(command);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least the program");
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }

    Process process;
    try {
      process = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv.get(0), e);
    }
    Drain out = new Drain(process.getInputStream());
    Drain err = new Drain(process.getErrorStream());
    Thread outReader = readerThreads.newThread(out);
    Thread errReader = readerThreads.newThread(err);
    outReader.start();
    errReader.start();
    closeQuietly(process);

    boolean finished;
    try {
      finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      destroyTree(process);
      Thread.currentThread().interrupt();
      CancellationException c =
          new CancellationException("interrupted while running " + argv.get(0));
      c.initCause(e);
      throw c;
    }
    if (!finished) {
      destroyTree(process);
    }
    boolean interrupted = !awaitReaders(process, outReader, errReader, finished);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    int exit = finished ? process.exitValue() : KILLED;
    return new ProcessResult(exit, out.text(charset), err.text(charset), !finished);
  }

  /**
   * Waits a short while for a killed process to go and for both readers to reach end of stream.
   *
   * @return false when interrupted while waiting
   */
  private static boolean awaitReaders(Process p, Thread out, Thread err, boolean finished) {
    long deadline = System.nanoTime() + DRAIN_GRACE.toNanos();
    try {
      if (!finished) {
        p.waitFor(DRAIN_GRACE.toNanos(), TimeUnit.NANOSECONDS);
      }
      out.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      err.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Kills the process and everything it started. The descendants are listed before the parent dies:
   * afterwards they would be orphans that {@link Process#descendants()} no longer finds.
   */
  static void destroyTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The program may already have exited and closed its end; nothing was to be written anyway.
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "process-output-reader");
    t.setDaemon(true);
    return t;
  }

  /** Reads one stream to its end into memory. */
  private static final class Drain implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Drain(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (InputStream s = in) {
        int n;
        while ((n = s.read(buffer)) != -1) {
          int room = MAX_CAPTURE_BYTES - bytes.size();
          if (room > 0) {
            bytes.write(buffer, 0, Math.min(n, room));
          }
        }
      } catch (IOException e) {
        // The stream breaks when the process is killed; what was read so far is kept.
      }
    }

    /** What was read so far; {@link ByteArrayOutputStream} is synchronized, so this is safe. */
    String text(Charset charset) {
      return bytes.toString(charset);
    }
  }
}
