package io.iisbot.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies a runnable jar for one platform: without the native libraries SQLite's driver and JNA
 * carry for every other one, and with its entries stored rather than deflated. Stored entries let
 * the archive's gzip compress the classes as one stream, which makes the Linux archive about a
 * third smaller than deflated jars would (and the JVM reads them without inflating). Stateless.
 */
final class JarCopy {

  /** Where SQLite's driver and JNA keep their native libraries, one folder per platform. */
  private static final List<String> NATIVE_ROOTS = List.of("org/sqlite/native/", "com/sun/jna/");

  private JarCopy() {}

  /** A platform: the path parts that mark its native libraries. */
  enum Platform {
    LINUX_X64("/Linux/x86_64/", "/Linux-Musl/x86_64/", "com/sun/jna/linux-x86-64/"),
    WINDOWS_X64("/Windows/x86_64/", "com/sun/jna/win32-x86-64/");

    private final List<String> markers;

    Platform(String... markers) {
      this.markers = List.of(markers);
    }

    /** Whether the jar entry {@code name} belongs in a copy for this platform. */
    boolean keeps(String name) {
      if (name.endsWith("/") || NATIVE_ROOTS.stream().noneMatch(name::startsWith)) {
        return true;
      }
      if (!name.matches(".*\\.(so|dll|dylib|jnilib|a)")) {
        return true;
      }
      return markers.stream().anyMatch(m -> ("/" + name).contains(m));
    }
  }

  /** Writes {@code source}'s entries that {@code platform} keeps to {@code target}, stored. */
  static void copy(Path source, Path target, Platform platform) throws IOException {
    try (ZipFile in = new ZipFile(source.toFile());
        OutputStream file = Files.newOutputStream(target);
        ZipOutputStream out = new ZipOutputStream(file)) {
      Enumeration<? extends ZipEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (!platform.keeps(e.getName())) {
          continue;
        }
        // The same order, so META-INF/MANIFEST.MF stays first for the JarInputStream readers.
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setMethod(ZipEntry.STORED);
        copy.setSize(e.getSize());
        copy.setCompressedSize(e.getSize());
        copy.setCrc(e.getCrc());
        copy.setTime(e.getTime());
        out.putNextEntry(copy);
        try (InputStream data = in.getInputStream(e)) {
          data.transferTo(out);
        }
        out.closeEntry();
      }
    }
  }
}
