package io.iisbot.iis.windows;

import io.iisbot.iis.Durations;
import io.iisbot.iis.IisException;
import io.iisbot.iis.windows.ProcessRunner.ProcessResult;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed appcmd run into an {@link IisException} whose code the engine can act on and whose
 * hint an operator can read in chat: appcmd's own message, whitespace collapsed, paths removed, at
 * most {@value #MAX_HINT} characters. Stateless.
 *
 * <p>Exit codes and HRESULTs are trusted before message text, because appcmd's messages are
 * localized (a Russian {@code Не удалось найти объект SITE} arrives with the same exit code 1168 as
 * {@code Cannot find SITE object}). The English phrases matched below are a second line.
 */
final class AppcmdErrors {

  static final int MAX_HINT = 240;

  private static final int E_ACCESSDENIED = 0x80070005;
  private static final int HRESULT_NOT_FOUND = 0x80070490;
  private static final int HRESULT_ALREADY_RUNNING = 0x80070420;
  private static final int HRESULT_NOT_ACTIVE = 0x80070426;
  private static final int E_NOTIMPL = 0x80004001;

  private static final Pattern HEX_CODE = Pattern.compile("0x([0-9A-Fa-f]{8})\\b");
  private static final Pattern PATH =
      Pattern.compile("(?:\\\\\\\\\\?\\\\)?[A-Za-z]:\\\\[^\\s\"'<>|]*|\\\\\\\\[^\\s\"'<>|]+");
  private static final Pattern ACCESS_DENIED =
      Pattern.compile("access (is )?denied|insufficient permissions", Pattern.CASE_INSENSITIVE);
  private static final Pattern NOT_FOUND =
      Pattern.compile(
          "cannot find .*(object with identifier|collection element)|could not be found",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern ALREADY =
      Pattern.compile(
          "already (been )?(started|stopped|running)|has not been started|is not started",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern WAS_DOWN =
      Pattern.compile(
          "(WAS|W3SVC) service is not available|service is not available",
          Pattern.CASE_INSENSITIVE);

  /**
   * Unverified guess at how {@code list requests} says that the Request Monitor feature
   * (Web-Request-Monitor) is not installed. The one public report found (a 2018 blog post, and
   * Stack Overflow question 38593856 it links) shows {@code ERROR ( hresult:80004001,
   * message:Command execution failed. Not implemented )}, fixed by installing Request Monitor. The
   * other phrases are guesses from the brief; none has been seen on a host.
   */
  private static final Pattern NO_REQUEST_MONITOR =
      Pattern.compile(
          "not implemented|request ?monitor|request monitoring|not installed|not supported",
          Pattern.CASE_INSENSITIVE);

  private AppcmdErrors() {}

  /** appcmd ran past {@code timeout} and was killed. */
  static IisException timedOut(String operation, String target, Duration timeout) {
    return new IisException(
        operation,
        target,
        AppcmdCli.TIMEOUT,
        "appcmd did not finish within "
            + Durations.format(timeout)
            + " and was stopped; IIS may be busy or hung, check WAS and try again");
  }

  /** appcmd.exe could not be started. */
  static IisException notRunnable(String operation, String target) {
    return new IisException(
        operation,
        target,
        AppcmdCli.NOT_RUNNABLE,
        "appcmd.exe could not be started: is IIS installed, with its management tools?");
  }

  /** appcmd printed output this agent cannot read. */
  static IisException unreadable(String operation, String target, String why) {
    return new IisException(
        operation,
        target,
        AppcmdCli.UNREADABLE_OUTPUT,
        "appcmd's output could not be read: " + shorten(why));
  }

  /** A run that exited with a non-zero code. */
  static IisException translate(String operation, String target, ProcessResult r) {
    String output = r.stdout() + "\n" + r.stderr();
    Optional<AppcmdText.ErrorBlock> block = AppcmdText.error(output);
    String message = block.map(b -> clean(b.message())).orElse("");
    OptionalInt hresult = hresult(block, message, r.exitCode());
    int exit = r.exitCode();

    for (int transientCode :
        new int[] {
          IisException.HRESULT_CANNOT_ACCEPT_CTRL, IisException.HRESULT_OBJECT_NOT_FOUND
        }) {
      if (exit == transientCode || hresult.orElse(0) == transientCode) {
        return new IisException(
            operation, target, transientCode, withMessage("IIS is busy with a change", message));
      }
    }
    if (isAccessDenied(exit, hresult, message)) {
      return IisException.accessDenied(operation, target);
    }
    if (exit == IisException.NOT_FOUND
        || hresult.orElse(0) == HRESULT_NOT_FOUND
        || NOT_FOUND.matcher(message).find()) {
      return IisException.notFound(
          operation,
          target,
          withMessage("IIS has no " + noun(operation) + " by that name", message));
    }
    if (hresult.orElse(0) == HRESULT_ALREADY_RUNNING
        || hresult.orElse(0) == HRESULT_NOT_ACTIVE
        || ALREADY.matcher(message).find()) {
      return new IisException(operation, target, exit, withMessage(already(operation), message));
    }
    if (WAS_DOWN.matcher(message).find()) {
      return new IisException(
          operation,
          target,
          exit,
          withMessage(
              "WAS or W3SVC is not running, or the agent is not elevated; start the services or"
                  + " run the agent elevated",
              message));
    }
    return new IisException(
        operation,
        target,
        exit,
        message.isEmpty()
            ? "appcmd failed with " + IisException.formatCode(exit) + " and printed no message"
            : message);
  }

  /**
   * Whether a failed {@code list requests} means that Request Monitor is missing rather than that
   * something broke. Access denied never counts: an unelevated agent must hear about elevation.
   */
  static boolean requestMonitorMissing(ProcessResult r) {
    if (r.timedOut() || r.exitCode() == 0) {
      return false;
    }
    Optional<AppcmdText.ErrorBlock> block = AppcmdText.error(r.stdout() + "\n" + r.stderr());
    String message = block.map(b -> clean(b.message())).orElse("");
    OptionalInt hresult = hresult(block, message, r.exitCode());
    if (isAccessDenied(r.exitCode(), hresult, message)) {
      return false;
    }
    return r.exitCode() == E_NOTIMPL
        || hresult.orElse(0) == E_NOTIMPL
        || NO_REQUEST_MONITOR.matcher(message).find();
  }

  private static boolean isAccessDenied(int exit, OptionalInt hresult, String message) {
    return exit == IisException.ACCESS_DENIED
        || exit == E_ACCESSDENIED
        || hresult.orElse(0) == E_ACCESSDENIED
        || ACCESS_DENIED.matcher(message).find();
  }

  /** appcmd's {@code hresult:} field, else a {@code 0x........} in the message, else none. */
  private static OptionalInt hresult(
      Optional<AppcmdText.ErrorBlock> block, String message, int exit) {
    if (block.isPresent() && block.get().hresult().isPresent()) {
      return block.get().hresult();
    }
    Matcher m = HEX_CODE.matcher(message);
    if (m.find()) {
      return OptionalInt.of(Integer.parseUnsignedInt(m.group(1), 16));
    }
    return exit < 0 ? OptionalInt.of(exit) : OptionalInt.empty();
  }

  private static String already(String operation) {
    String verb = operation.split(" ", 2)[0].toLowerCase(Locale.ROOT);
    return switch (verb) {
      case "start" -> "it is already started";
      case "stop" -> "it is already stopped";
      default -> "it is not in a state that allows this (already started or stopped)";
    };
  }

  private static String noun(String operation) {
    if (operation.contains("pool")) {
      return "app pool";
    }
    return operation.contains("site") ? "site" : "object";
  }

  private static String withMessage(String hint, String message) {
    return message.isEmpty() ? hint : shorten(hint + " (appcmd: " + message + ")");
  }

  /**
   * appcmd's message as one short line: no generic "Command execution failed." prefix, no paths
   * (they must not reach chat), no control characters.
   */
  static String clean(String message) {
    String s = PATH.matcher(message).replaceAll("<path>");
    s = s.replaceAll("\\s+", " ").strip();
    s = s.replaceFirst("(?i)^command execution failed\\.\\s*", "");
    if (s.endsWith(".") && !s.endsWith("..")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    // Other control characters could forge lines in a chat message.
    return shorten(s.replaceAll("[\\p{Cc}\\p{Cf}]", ""));
  }

  private static String shorten(String s) {
    return s.length() <= MAX_HINT ? s : s.substring(0, MAX_HINT - 1) + "…";
  }
}
