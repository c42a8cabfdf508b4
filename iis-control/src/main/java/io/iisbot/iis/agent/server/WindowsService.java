package io.iisbot.iis.agent.server;

import io.iisbot.iis.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent as a Windows service, with no wrapper executable: {@link #install} registers {@code
 * java.exe -jar iisbot-agent.jar service ...} with the Service Control Manager, {@link #remove}
 * stops and deletes it, and {@link #dispatch} is what that command line runs to talk to the SCM.
 *
 * <p>Every failure is an {@link io.iisbot.iis.IisException} whose message names the operation, the
 * service and the Win32 code and says what to do (elevate, remove the old service first...).
 * Install and remove need an elevated process. The static methods are thread-safe; they keep no
 * state.
 */
public final class WindowsService {

  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern BUILT_IN =
      Pattern.compile(
          "LocalSystem|NT AUTHORITY\\\\(LocalService|NetworkService)", Pattern.CASE_INSENSITIVE);
  private static final Pattern VIRTUAL =
      Pattern.compile("NT SERVICE\\\\(.*)", Pattern.CASE_INSENSITIVE);

  /**
   * <code>.&#92;user</code> or <code>DOMAIN&#92;user</code>: a NetBIOS or DNS domain, and a name
   * without the characters Windows forbids in account names (a trailing {@code $} for a managed
   * service account is fine).
   */
  private static final Pattern USER =
      Pattern.compile(
          "(\\.|[A-Za-z0-9][A-Za-z0-9.-]{0,254})\\\\([^\\\\/\"\\[\\]:;|=,+*?<>@\\p{Cntrl}]{1,64})");

  private WindowsService() {}

  /**
   * What {@link #install} registers.
   *
   * <p>The paths stay {@link Path}s and are checked with {@link Path#isAbsolute()} of the OS this
   * runs on, so on Windows {@code C:\...} and UNC paths pass. The text that reaches the SCM is
   * {@link Path#toString()}; {@link #commandLine(String, String, String)} quotes it and is what the
   * tests drive with Windows paths on any OS.
   *
   * @param serviceName the key name: 1 to 64 letters, digits, {@code _} or {@code -}
   * @param displayName what services.msc shows
   * @param description the text under it
   * @param account {@code LocalSystem}, {@code NT AUTHORITY\LocalService}, {@code NT
   *     AUTHORITY\NetworkService}, the virtual account {@code NT SERVICE\<serviceName>}, <code>
   *     .&#92;user</code> or <code>DOMAIN&#92;user</code>. An ordinary user also needs the "Log on
   *     as a service" right, which this does not grant (services.msc does, when the account is set
   *     there).
   * @param password the user's password; null for the built-in and virtual accounts, which have
   *     none, and for a managed service account ({@code DOMAIN\name$})
   */
  public record InstallSpec(
      String serviceName,
      String displayName,
      String description,
      String account,
      String password,
      Path javaExe,
      Path agentJar,
      Path configFile) {

    public InstallSpec {
      checkServiceName(serviceName);
      Objects.requireNonNull(displayName, "displayName");
      if (displayName.isBlank() || displayName.length() > 256 || hasControl(displayName)) {
        throw new IllegalArgumentException(
            "display name must be 1 to 256 printable characters, was \"" + displayName + "\"");
      }
      Objects.requireNonNull(description, "description");
      if (hasControl(description.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '))) {
        throw new IllegalArgumentException("description must not contain control characters");
      }
      checkAccount(serviceName, account, password);
      checkPath("java.exe", javaExe);
      checkPath("agent jar", agentJar);
      checkPath("config file", configFile);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
      return "InstallSpec[serviceName="
          + serviceName
          + ", displayName="
          + displayName
          + ", account="
          + account
          + ", password="
          + (password == null ? "null" : "***")
          + ", javaExe="
          + javaExe
          + ", agentJar="
          + agentJar
          + ", configFile="
          + configFile
          + "]";
    }
  }

  /**
   * The agent service's JVM settings: a small heap with the serial collector, and bounded metaspace
   * and code cache, so that the agent stays well under 128 MB resident on the host it serves
   * (README "Performance"); a JVM that runs out of memory exits, and the SCM restarts it (see the
   * failure actions).
   */
  public static final String JVM_OPTIONS =
      "-XX:+UseSerialGC -Xms16m -Xmx64m -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=32m"
          + " -Xss512k -XX:+ExitOnOutOfMemoryError";

  /**
   * The exact command line the SCM will run: {@code "<java.exe>" <JVM_OPTIONS> -jar "<agent jar>"
   * service --config "<config file>"}, every path quoted.
   *
   * @throws IllegalArgumentException when a path cannot be quoted safely
   */
  public static String commandLine(InstallSpec spec) {
    return commandLine(
        spec.javaExe().toString(), spec.agentJar().toString(), spec.configFile().toString());
  }

  /**
   * {@link #commandLine(InstallSpec)} on path text, so that tests can use Windows paths on any OS.
   */
  static String commandLine(String javaExe, String agentJar, String configFile) {
    // The SCM hands this to CreateProcess without an application name: an unquoted
    // C:\Program Files\... would first run C:\Program.exe if one existed.
    return quote("java.exe", javaExe)
        + " "
        + JVM_OPTIONS
        + " -jar "
        + quote("agent jar", agentJar)
        + " service --config "
        + quote("config file", configFile);
  }

  /**
   * Registers the service: own process, automatic (delayed) start, normal error control, no
   * dependencies (the agent must start even when W3SVC is broken), restart after 10 s on the first
   * two failures within a day, then leave it stopped. All or nothing: if the configuration after
   * {@code CreateService} fails, the new service is deleted again.
   *
   * @throws io.iisbot.iis.IisException when Windows refuses: access denied (not elevated), the
   *     service exists already (remove it first), an unknown account...
   * @throws UnsupportedOperationException when not on Windows
   */
  public static void install(InstallSpec spec) {
    Objects.requireNonNull(spec, "spec");
    requireWindows();
    installer().install(spec);
  }

  /**
   * Stops the service if it runs (waiting up to 30 s) and deletes it. A service that does not stop
   * in time is left installed, because deleting it would only mark it for deletion and block a new
   * install until its process ends.
   *
   * @throws io.iisbot.iis.IisException no such service, access denied, not stopped in time...
   * @throws UnsupportedOperationException when not on Windows
   */
  public static void remove(String serviceName) {
    requireWindows();
    installer().remove(serviceName);
  }

  /**
   * Runs the service; called first thing by the process the SCM starts ({@code java -jar
   * iisbot-agent.jar service ...}), before any slow work, because the SCM gives a new process 30
   * seconds to connect. Reports START_PENDING, calls {@code start} (which starts the HTTP server
   * and returns what stops it), reports RUNNING, and on STOP or SHUTDOWN reports STOP_PENDING,
   * closes what {@code start} returned and reports STOPPED. Blocks until then.
   *
   * <p>If {@code start} throws, the reason is logged (ERROR), the service is reported STOPPED with
   * {@code ERROR_SERVICE_SPECIFIC_ERROR} so that its failure actions apply, and this method throws.
   *
   * @throws io.iisbot.iis.IisException when this process was not started by the SCM (1063)
   * @throws IllegalStateException when {@code start} failed; the cause is what it threw
   * @throws UnsupportedOperationException when not on Windows
   */
  public static void dispatch(String serviceName, Supplier<AutoCloseable> start) {
    checkServiceName(serviceName);
    Objects.requireNonNull(start, "start");
    requireWindows();
    new ServiceDispatcher(new JnaServiceApi(), serviceName, start).run();
  }

  private static ServiceInstaller installer() {
    return new ServiceInstaller(new JnaServiceApi(), Clock.systemUTC(), Sleeper.system());
  }

  private static void requireWindows() {
    if (!isWindows()) {
      throw new UnsupportedOperationException(
          "Windows services exist only on Windows; this is " + System.getProperty("os.name"));
    }
  }

  static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }

  static void checkServiceName(String name) {
    Objects.requireNonNull(name, "serviceName");
    if (!SERVICE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "service name must be 1 to 64 letters, digits, '_' or '-', was \"" + name + "\"");
    }
  }

  private static void checkAccount(String serviceName, String account, String password) {
    Objects.requireNonNull(account, "account");
    Matcher virtual = VIRTUAL.matcher(account);
    if (virtual.matches()) {
      // A virtual account is named after its service; any other name does not exist.
      if (!virtual.group(1).equalsIgnoreCase(serviceName)) {
        throw new IllegalArgumentException(
            "the virtual account of service "
                + serviceName
                + " is NT SERVICE\\"
                + serviceName
                + ", was \""
                + account
                + "\"");
      }
    } else if (!BUILT_IN.matcher(account).matches() && !USER.matcher(account).matches()) {
      throw new IllegalArgumentException(
          "account must be LocalSystem, NT AUTHORITY\\LocalService, NT AUTHORITY\\NetworkService,"
              + " NT SERVICE\\"
              + serviceName
              + ", .\\user or DOMAIN\\user, was \""
              + account
              + "\"");
    }
    if (password != null && (virtual.matches() || BUILT_IN.matcher(account).matches())) {
      throw new IllegalArgumentException(account + " has no password; leave the password out");
    }
  }

  /** {@code lpServiceStartName}: null for LocalSystem, as CreateService documents. */
  static String startName(String account) {
    return account.equalsIgnoreCase("LocalSystem") ? null : account;
  }

  private static void checkPath(String what, Path path) {
    Objects.requireNonNull(path, what);
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException(what + " must be an absolute path, was " + path);
    }
    quote(what, path.toString());
  }

  private static String quote(String what, String path) {
    Objects.requireNonNull(path, what);
    if (path.isEmpty()) {
      throw new IllegalArgumentException(what + " path must not be empty");
    }
    if (path.indexOf('"') >= 0) {
      throw new IllegalArgumentException(
          what + " path must not contain a double quote, was " + path);
    }
    if (hasControl(path)) {
      throw new IllegalArgumentException(what + " path must not contain control characters");
    }
    // A backslash before the closing quote would escape it for the program's argument parser.
    if (path.endsWith("\\")) {
      throw new IllegalArgumentException(
          what + " path must name a file, not end with a backslash, was " + path);
    }
    return "\"" + path + "\"";
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }
}
