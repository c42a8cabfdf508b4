package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WindowsService.InstallSpec} validation and the command line the SCM runs. Command lines
 * are checked on Windows path text through the String variant, because on Linux a {@code C:\...}
 * {@link Path} is one relative file name.
 */
final class WindowsServiceSpecTest {

  static final Path ROOT = Path.of("").toAbsolutePath().getRoot();
  static final Path JAVA = ROOT.resolve("opt/java/bin/java.exe");
  static final Path JAR = ROOT.resolve("opt/iisbot/iisbot-agent.jar");
  static final Path CONFIG = ROOT.resolve("opt/iisbot/agent.yaml");

  static WindowsService.InstallSpec spec(String name, String account, String password) {
    return new WindowsService.InstallSpec(
        name,
        "iisbot agent",
        "Lets iisbot stop and start IIS.",
        account,
        password,
        JAVA,
        JAR,
        CONFIG);
  }

  @Test
  void commandLine_windowsPaths_quotesEachPath() {
    assertThat(
            WindowsService.commandLine(
                "C:\\Program Files\\Java\\bin\\java.exe",
                "C:\\iisbot\\iisbot-agent.jar",
                "C:\\iisbot\\agent.yaml"))
        .isEqualTo(
            "\"C:\\Program Files\\Java\\bin\\java.exe\" "
                + WindowsService.JVM_OPTIONS
                + " -jar \"C:\\iisbot\\iisbot-agent.jar\""
                + " service --config \"C:\\iisbot\\agent.yaml\"");
  }

  @Test
  void commandLine_uncPaths_keepsTheLeadingBackslashes() {
    assertThat(
            WindowsService.commandLine(
                "C:\\Java\\bin\\java.exe", "\\\\files\\iisbot\\agent.jar", "D:\\my conf\\a.yaml"))
        .isEqualTo(
            "\"C:\\Java\\bin\\java.exe\" "
                + WindowsService.JVM_OPTIONS
                + " -jar \"\\\\files\\iisbot\\agent.jar\""
                + " service --config \"D:\\my conf\\a.yaml\"");
  }

  @Test
  void commandLine_pathWithDoubleQuote_isRejected() {
    assertThatThrownBy(
            () ->
                WindowsService.commandLine(
                    "C:\\Java\\bin\\java.exe", "C:\\iisbot\\a\".jar", "C:\\iisbot\\agent.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent jar path must not contain a double quote, was C:\\iisbot\\a\".jar");
  }

  @Test
  void commandLine_pathEndingInBackslash_isRejected() {
    // "C:\dir\" would reach the program as C:\dir" followed by the rest of the line.
    assertThatThrownBy(
            () ->
                WindowsService.commandLine(
                    "C:\\Java\\bin\\java.exe", "C:\\iisbot\\agent.jar", "C:\\iisbot\\"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("config file path must name a file");
  }

  @Test
  void commandLine_spec_usesItsPaths() {
    assertThat(WindowsService.commandLine(spec("iisbot-agent", "LocalSystem", null)))
        .isEqualTo(
            "\""
                + JAVA
                + "\" "
                + WindowsService.JVM_OPTIONS
                + " -jar \""
                + JAR
                + "\" service --config \""
                + CONFIG
                + "\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "LocalSystem",
        "localsystem",
        "NT AUTHORITY\\LocalService",
        "NT AUTHORITY\\NetworkService",
        "NT SERVICE\\iisbot-agent",
        "nt service\\IISBOT-AGENT"
      })
  void spec_accountWithoutPassword_isAccepted(String account) {
    assertThatCode(() -> spec("iisbot-agent", account, null)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {".\\iisbot", "CORP\\svc-iisbot", "corp.example.com\\svc.iisbot"})
  void spec_userWithPassword_isAccepted(String account) {
    assertThatCode(() -> spec("iisbot-agent", account, "s3cret")).doesNotThrowAnyException();
  }

  @Test
  void spec_managedServiceAccountWithoutPassword_isAccepted() {
    assertThatCode(() -> spec("iisbot-agent", "CORP\\gmsa-iisbot$", null))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "iisbot agent", "iisbot/agent", "iisbot\\agent", "äöü", "x\"y"})
  void spec_badServiceName_isRejected(String name) {
    assertThatThrownBy(() -> spec(name, "LocalSystem", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "service name must be 1 to 64 letters, digits, '_' or '-', was \"" + name + "\"");
  }

  @Test
  void spec_serviceName65Chars_isRejected() {
    assertThatThrownBy(() -> spec("a".repeat(65), "LocalSystem", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatCode(() -> spec("a".repeat(64), "LocalSystem", null)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "iisbot",
        "NT AUTHORITY\\SYSTEM",
        "\\user",
        "CORP\\",
        "CORP\\a\\b",
        "CORP\\user@corp",
        "user@corp.example.com"
      })
  void spec_badAccount_isRejectedWithTheAcceptedForms(String account) {
    assertThatThrownBy(() -> spec("iisbot-agent", account, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "account must be LocalSystem, NT AUTHORITY\\LocalService, NT AUTHORITY\\NetworkService,"
                + " NT SERVICE\\iisbot-agent, .\\user or DOMAIN\\user, was \""
                + account
                + "\"");
  }

  @Test
  void spec_virtualAccountOfAnotherService_isRejected() {
    assertThatThrownBy(() -> spec("iisbot-agent", "NT SERVICE\\W3SVC", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the virtual account of service iisbot-agent is NT SERVICE\\iisbot-agent,"
                + " was \"NT SERVICE\\W3SVC\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"LocalSystem", "NT AUTHORITY\\LocalService", "NT SERVICE\\iisbot-agent"})
  void spec_passwordForAccountWithout_isRejected(String account) {
    assertThatThrownBy(() -> spec("iisbot-agent", account, "s3cret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(account + " has no password; leave the password out");
  }

  @Test
  void spec_relativePath_isRejected() {
    assertThatThrownBy(
            () ->
                new WindowsService.InstallSpec(
                    "iisbot-agent",
                    "iisbot agent",
                    "",
                    "LocalSystem",
                    null,
                    JAVA,
                    Path.of("iisbot-agent.jar"),
                    CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent jar must be an absolute path, was iisbot-agent.jar");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void spec_pathWithQuote_isRejectedUpFront() {
    assertThatThrownBy(
            () ->
                new WindowsService.InstallSpec(
                    "iisbot-agent",
                    "iisbot agent",
                    "",
                    "LocalSystem",
                    null,
                    JAVA,
                    JAR,
                    ROOT.resolve("opt/a\"b.yaml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("config file path must not contain a double quote");
  }

  @Test
  void spec_blankDisplayName_isRejected() {
    assertThatThrownBy(
            () ->
                new WindowsService.InstallSpec(
                    "iisbot-agent", " ", "", "LocalSystem", null, JAVA, JAR, CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("display name must be 1 to 256 printable characters, was \" \"");
  }

  @Test
  void toString_withPassword_hidesIt() {
    assertThat(spec("iisbot-agent", ".\\iisbot", "s3cret").toString())
        .contains("password=***")
        .doesNotContain("s3cret");
  }

  @Test
  void startName_localSystem_isNullAsCreateServiceDocuments() {
    assertThat(WindowsService.startName("LocalSystem")).isNull();
    assertThat(WindowsService.startName("NT SERVICE\\iisbot-agent"))
        .isEqualTo("NT SERVICE\\iisbot-agent");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void install_notWindows_saysSo() {
    assertThatThrownBy(() -> WindowsService.install(spec("iisbot-agent", "LocalSystem", null)))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageStartingWith("Windows services exist only on Windows");
    assertThatThrownBy(() -> WindowsService.remove("iisbot-agent"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> WindowsService.dispatch("iisbot-agent", () -> () -> {}))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
