package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.W32Service;
import com.sun.jna.platform.win32.W32ServiceManager;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.platform.win32.Winsvc;
import io.iisbot.iis.IisException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real SCM: installs a throw-away service (a random name, removed in every case), checks what
 * Windows recorded, and runs {@link ServiceProbe} as a service through start and stop. Needs an
 * elevated process; skipped otherwise.
 */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
final class WindowsServiceWindowsTest {

  private static final String KEY = "SYSTEM\\CurrentControlSet\\Services\\";

  @TempDir Path dir;

  private final String name =
      "iisbot-test-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);

  private static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java.exe");
  }

  private WindowsService.InstallSpec spec(String account, Path jar) {
    return new WindowsService.InstallSpec(
        name,
        "iisbot test " + name,
        "Created by iisbot's WindowsServiceWindowsTest; safe to delete.",
        account,
        null,
        java(),
        jar,
        dir.resolve("probe.conf"));
  }

  private void installOrSkip(WindowsService.InstallSpec spec) {
    try {
      WindowsService.install(spec);
    } catch (IisException e) {
      assumeFalse(e.isAccessDenied(), "not elevated");
      throw e;
    }
  }

  @Test
  void install_thenRemove_recordsEverythingAndLeavesNothing() {
    WindowsService.InstallSpec spec = spec("NT AUTHORITY\\LocalService", dir.resolve("a.jar"));
    installOrSkip(spec);
    try {
      assertThat(Advapi32Util.registryGetValue(WinReg.HKEY_LOCAL_MACHINE, KEY + name, "ImagePath"))
          .isEqualTo(WindowsService.commandLine(spec));
      assertThat(Advapi32Util.registryGetIntValue(WinReg.HKEY_LOCAL_MACHINE, KEY + name, "Start"))
          .isEqualTo(2);
      assertThat(
              Advapi32Util.registryGetIntValue(
                  WinReg.HKEY_LOCAL_MACHINE, KEY + name, "DelayedAutostart"))
          .isEqualTo(1);
      assertThat(
              Advapi32Util.registryGetIntValue(
                  WinReg.HKEY_LOCAL_MACHINE, KEY + name, "FailureActionsOnNonCrashFailures"))
          .isEqualTo(1);
      assertThat(
              Advapi32Util.registryValueExists(
                  WinReg.HKEY_LOCAL_MACHINE, KEY + name, "FailureActions"))
          .isTrue();
      assertThat(
              Advapi32Util.registryValueExists(
                  WinReg.HKEY_LOCAL_MACHINE, KEY + name, "DependOnService"))
          .isFalse();
      assertThat(Advapi32Util.registryGetValue(WinReg.HKEY_LOCAL_MACHINE, KEY + name, "ObjectName"))
          .asString()
          .isEqualToIgnoringCase("NT AUTHORITY\\LocalService");
      assertThatThrownBy(() -> WindowsService.install(spec))
          .isInstanceOfSatisfying(IisException.class, e -> assertThat(e.code()).isEqualTo(1073));
    } finally {
      WindowsService.remove(name);
    }
    assertThatThrownBy(() -> WindowsService.remove(name))
        .isInstanceOfSatisfying(IisException.class, e -> assertThat(e.code()).isEqualTo(1060));
  }

  @Test
  void dispatch_startedAndStoppedByTheScm_runsAndClosesTheServer() throws Exception {
    Files.writeString(dir.resolve("probe.conf"), name + "\n", StandardCharsets.UTF_8);
    installOrSkip(spec("LocalSystem", probeJar()));
    try (W32ServiceManager scm = new W32ServiceManager(Winsvc.SC_MANAGER_CONNECT)) {
      try (W32Service service =
          scm.openService(
              name, Winsvc.SERVICE_START | Winsvc.SERVICE_STOP | Winsvc.SERVICE_QUERY_STATUS)) {
        service.startService();
        assertThat(dir.resolve("started")).exists();
        assertThat(service.queryStatus().dwControlsAccepted)
            .isEqualTo(Winsvc.SERVICE_ACCEPT_STOP | Winsvc.SERVICE_ACCEPT_SHUTDOWN);

        service.stopService();

        assertThat(dir.resolve("stopped")).exists();
        assertThat(service.queryStatus().dwWin32ExitCode).isZero();
      }
    } finally {
      WindowsService.remove(name);
    }
  }

  @Test
  void dispatch_startFails_reportsTheServiceSpecificCode() throws Exception {
    Files.writeString(dir.resolve("probe.conf"), name + "\nfail\n", StandardCharsets.UTF_8);
    installOrSkip(spec("LocalSystem", probeJar()));
    try (W32ServiceManager scm = new W32ServiceManager(Winsvc.SC_MANAGER_CONNECT)) {
      try (W32Service service =
          scm.openService(name, Winsvc.SERVICE_START | Winsvc.SERVICE_QUERY_STATUS)) {
        assertThatThrownBy(service::startService).isInstanceOf(RuntimeException.class);
        Winsvc.SERVICE_STATUS_PROCESS status = service.queryStatus();
        assertThat(status.dwCurrentState).isEqualTo(Winsvc.SERVICE_STOPPED);
        assertThat(status.dwWin32ExitCode).isEqualTo(1066);
        assertThat(status.dwServiceSpecificExitCode).isEqualTo(ServiceDispatcher.START_FAILED);
      }
    } finally {
      // The failure actions restart it after 10 s; remove stops it again if it got that far.
      WindowsService.remove(name);
    }
    assertThat(dir.resolve("started")).doesNotExist();
  }

  /**
   * One self-contained jar: our classes, the probe, JNA, and the logging the agent's setup uses
   * (SLF4J, Logback, the JUL bridge), so the SCM's java.exe needs nothing from this build's
   * classpath (which may sit on another drive, out of reach of a relative Class-Path).
   */
  private Path probeJar() throws IOException, URISyntaxException {
    Path jar = dir.resolve("probe.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ServiceProbe.class.getName());
    Set<String> added = new HashSet<>();
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      addTree(out, added, location(WindowsService.class), "");
      addTree(out, added, location(ServiceProbe.class), "io/iisbot/iis/agent/server/ServiceProbe");
      for (Class<?> c :
          List.of(
              Native.class,
              W32Service.class,
              org.slf4j.LoggerFactory.class,
              ch.qos.logback.classic.LoggerContext.class,
              ch.qos.logback.core.Appender.class,
              org.slf4j.bridge.SLF4JBridgeHandler.class)) {
        addJar(out, added, location(c));
      }
    }
    return jar;
  }

  private static Path location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static void addTree(JarOutputStream out, Set<String> added, Path root, String prefix)
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      String entry = root.relativize(f).toString().replace('\\', '/');
      if (entry.startsWith(prefix) && added.add(entry)) {
        out.putNextEntry(new JarEntry(entry));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }

  private static void addJar(JarOutputStream out, Set<String> added, Path jar) throws IOException {
    try (JarFile in = new JarFile(jar.toFile())) {
      for (JarEntry e : java.util.Collections.list(in.entries())) {
        // Services stay: SLF4J finds Logback through META-INF/services.
        boolean metadata =
            e.getName().startsWith("META-INF/") && !e.getName().startsWith("META-INF/services/");
        if (e.isDirectory() || metadata || !added.add(e.getName())) {
          continue;
        }
        out.putNextEntry(new JarEntry(e.getName()));
        try (InputStream data = in.getInputStream(e)) {
          data.transferTo(out);
        }
        out.closeEntry();
      }
    }
  }
}
