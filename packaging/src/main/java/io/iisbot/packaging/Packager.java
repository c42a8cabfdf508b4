package io.iisbot.packaging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code mvn -Pdist package}'s last step (README "Installing"). On Linux it writes {@code
 * dist/iisbot-<version>-linux-x64.tar.gz}: a runtime linked from this JDK with the modules both
 * jars need, both jars, the launchers {@code bin/iisbot} and {@code bin/iisbot-agent}, the example
 * configurations and the systemd unit. On Windows it writes {@code
 * dist/iisbot-agent-<version>-windows-x64.zip}: the agent's runtime and jar, {@code
 * bin\iisbot-agent.cmd}, {@code install.ps1} and {@code uninstall.ps1}. Each artifact gets its
 * CycloneDX SBOM ({@code .cdx.json}) and a {@code .sha256}; {@code SHA256SUMS} lists them all.
 *
 * <pre>
 * java -cp ... io.iisbot.packaging.Packager --version V --repo DIR --work DIR --out DIR
 * </pre>
 */
public final class Packager {

  private final String version;
  private final Path repo;
  private final Path work;
  private final Path out;

  private Packager(String version, Path repo, Path work, Path out) {
    this.version = version;
    this.repo = repo.toAbsolutePath().normalize();
    this.work = work.toAbsolutePath().normalize();
    this.out = out.toAbsolutePath().normalize();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    for (String key : List.of("--version", "--repo", "--work", "--out")) {
      if (!a.containsKey(key)) {
        throw new IllegalArgumentException("Packager needs " + key + ", had " + a.keySet());
      }
    }
    Packager p =
        new Packager(
            a.get("--version"),
            Path.of(a.get("--repo")),
            Path.of(a.get("--work")),
            Path.of(a.get("--out")));
    boolean windows =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    long start = System.nanoTime();
    Path sbom =
        p.repo.resolve(
            windows
                ? "iis-control/target/iisbot-agent.cdx.json"
                : "packaging/target/iisbot-linux-x64.cdx.json");
    if (!Files.isRegularFile(sbom)) {
      // Before jdeps, jlink and tar, not after them.
      System.err.println(
          "dist: no SBOM at "
              + sbom
              + ": the CycloneDX step skips itself when Maven runs offline (-o); run the release"
              + " build online: mvn -B -Pdist package");
      System.exit(2);
    }
    Path artifact = windows ? p.windowsZip(sbom) : p.linuxArchive(sbom);
    System.out.printf(
        "dist: %s (%.1f MB) in %d s%n",
        p.out.relativize(artifact),
        Files.size(artifact) / 1e6,
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
  }

  private Path botJar() {
    return repo.resolve("bot/target/iisbot.jar");
  }

  private Path agentJar() {
    return repo.resolve("iis-control/target/iisbot-agent.jar");
  }

  /**
   * The Linux archive, its SBOM and checksums.
   *
   * @param madeSbom the SBOM the build's CycloneDX step wrote
   */
  Path linuxArchive(Path madeSbom) throws IOException, InterruptedException {
    String name = "iisbot-" + version;
    Path root = fresh(work.resolve(name));
    long t0 = System.nanoTime();
    List<String> modules = RuntimeImage.modules(List.of(botJar(), agentJar()));
    long t1 = System.nanoTime();
    RuntimeImage.link(modules, root.resolve("runtime"));
    long t2 = System.nanoTime();
    Files.createDirectories(root.resolve("lib"));
    JarCopy.copy(botJar(), root.resolve("lib/iisbot.jar"), JarCopy.Platform.LINUX_X64);
    JarCopy.copy(agentJar(), root.resolve("lib/iisbot-agent.jar"), JarCopy.Platform.LINUX_X64);
    long t3 = System.nanoTime();
    Files.createDirectories(root.resolve("bin"));
    executable(root.resolve("bin/iisbot"), Launchers.botScript());
    executable(root.resolve("bin/iisbot-agent"), Launchers.agentScript());
    Path config = Files.createDirectories(root.resolve("config/systemd"));
    copy(
        repo.resolve("config/examples/iisbot.example.yaml"),
        config.resolveSibling("iisbot.example.yaml"));
    copy(
        repo.resolve("config/examples/agent.example.yaml"),
        config.resolveSibling("agent.example.yaml"));
    copy(repo.resolve("config/systemd/iisbot.service"), config.resolve("iisbot.service"));
    copy(repo.resolve("config/systemd/iisbot.sysusers"), config.resolve("iisbot.sysusers"));
    copy(repo.resolve("README.md"), root.resolve("README.md"));

    Files.createDirectories(out);
    String base = name + "-linux-x64";
    Path archive = out.resolve(base + ".tar.gz");
    Files.deleteIfExists(archive);
    // GNU tar keeps the modes (bin/, the runtime's executables) and writes owner root, so that an
    // archive unpacked as root belongs to root whoever built it.
    Process tar =
        new ProcessBuilder(
                "tar",
                "--owner=0",
                "--group=0",
                "--numeric-owner",
                "--sort=name",
                "-czf",
                archive.toString(),
                "-C",
                work.toString(),
                name)
            .inheritIO()
            .start();
    if (tar.waitFor() != 0) {
      throw new IOException("tar failed (" + tar.exitValue() + ") writing " + archive);
    }
    System.out.printf(
        "dist: modules %s; jdeps %d s, jlink %d s, jars %d s, tar %d s%n",
        String.join(",", modules),
        seconds(t1 - t0),
        seconds(t2 - t1),
        seconds(t3 - t2),
        seconds(System.nanoTime() - t3));
    Path sbom = out.resolve(base + ".cdx.json");
    copy(madeSbom, sbom);
    sums(List.of(archive, sbom));
    return archive;
  }

  /**
   * The Windows agent's zip, its SBOM and checksums.
   *
   * @param madeSbom the SBOM iis-control's CycloneDX step wrote
   */
  Path windowsZip(Path madeSbom) throws IOException {
    String name = "iisbot-agent-" + version;
    Path root = fresh(work.resolve(name));
    RuntimeImage.link(RuntimeImage.modules(List.of(agentJar())), root.resolve("runtime"));
    Files.createDirectories(root.resolve("lib"));
    JarCopy.copy(agentJar(), root.resolve("lib/iisbot-agent.jar"), JarCopy.Platform.WINDOWS_X64);
    Files.createDirectories(root.resolve("bin"));
    Files.writeString(root.resolve("bin/iisbot-agent.cmd"), Launchers.agentCmd());
    Path windows = repo.resolve("packaging/src/main/windows");
    copy(windows.resolve("install.ps1"), root.resolve("install.ps1"));
    copy(windows.resolve("uninstall.ps1"), root.resolve("uninstall.ps1"));
    copy(repo.resolve("config/examples/agent.example.yaml"), root.resolve("agent.example.yaml"));

    Files.createDirectories(out);
    String base = name + "-windows-x64";
    Path zip = out.resolve(base + ".zip");
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(file);
        Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        z.putNextEntry(new ZipEntry(work.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, z);
        z.closeEntry();
      }
    }
    Path sbom = out.resolve(base + ".cdx.json");
    copy(madeSbom, sbom);
    sums(List.of(zip, sbom));
    return zip;
  }

  /**
   * {@code <file>.sha256} beside each file, and {@code SHA256SUMS} over every {@code .sha256} in
   * the folder, both in {@code sha256sum}'s format, so {@code sha256sum -c} checks them.
   */
  private void sums(List<Path> files) throws IOException {
    for (Path f : files) {
      Files.writeString(
          f.resolveSibling(f.getFileName() + ".sha256"),
          sha256(f) + "  " + f.getFileName() + "\n",
          StandardCharsets.US_ASCII);
    }
    List<String> lines = new ArrayList<>();
    try (Stream<Path> all = Files.list(out)) {
      for (Path s : all.filter(p -> p.toString().endsWith(".sha256")).sorted().toList()) {
        lines.add(Files.readString(s, StandardCharsets.US_ASCII).strip());
      }
    }
    Files.writeString(
        out.resolve("SHA256SUMS"), String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);
  }

  static String sha256(Path file) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (var in = new java.security.DigestInputStream(Files.newInputStream(file), md)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static long seconds(long nanos) {
    return TimeUnit.NANOSECONDS.toSeconds(nanos);
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** {@code dir}, emptied (a previous build's runtime must not mix with this one's). */
  private static Path fresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
              Files.delete(f);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    }
    return Files.createDirectories(dir);
  }
}
