package io.iisbot.config;

import io.iisbot.iis.Durations;
import io.iisbot.iis.agent.SecretStrength;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Typed reads shared by the sections: secrets from the environment or files, paths, URLs,
 * durations, and building a record with its problems reported. Not thread-safe; one per load.
 */
final class Values {

  private final Map<String, String> env;
  private final Problems problems;

  Values(Map<String, String> env, Problems problems) {
    this.env = env;
    this.problems = problems;
  }

  int problemCount() {
    return problems.count();
  }

  /**
   * Reads {@code <name>Env} or {@code <name>File}: secrets never live in the file itself.
   *
   * @return the secret, or {@code null} when absent or broken (reported)
   */
  Secret secret(Node obj, String name, boolean required, int minBytes) {
    Read r = read(obj, name, required);
    if (r == null) {
      return null;
    }
    if (r.secret().length() < minBytes) {
      r.where()
          .problem(
              "the secret is "
                  + r.secret().length()
                  + " bytes; at least "
                  + minBytes
                  + " are needed: "
                  + SecretStrength.HOW_TO_MAKE_ONE);
      return null;
    }
    return r.secret();
  }

  /**
   * Reads a signing key ({@code <name>Env} or {@code <name>File}, required) that must be hard to
   * guess: long enough and not a short pattern repeated ({@link SecretStrength}, the rule the agent
   * applies to the same keys).
   *
   * @return the secret, or {@code null} when absent, broken or weak (reported)
   */
  Secret signingKey(Node obj, String name) {
    Read r = read(obj, name, true);
    if (r == null) {
      return null;
    }
    Optional<String> weak = SecretStrength.problem(r.secret().bytes());
    if (weak.isPresent()) {
      r.where().problem(weak.get());
      return null;
    }
    return r.secret();
  }

  /** A secret and the key that named it. */
  private record Read(Secret secret, Node where) {}

  private Read read(Node obj, String name, boolean required) {
    Node envKey = obj.get(name + "Env");
    Node fileKey = obj.get(name + "File");
    String var = envKey.text();
    String file = fileKey.text();
    String value;
    Node where;
    if (var != null && file != null) {
      obj.problem("give " + name + "Env or " + name + "File, not both");
      return null;
    } else if (var != null) {
      where = envKey;
      value = env.get(var.strip());
      if (value == null || value.isBlank()) {
        envKey.problem(var.strip() + " is not set");
        return null;
      }
    } else if (file != null) {
      where = fileKey;
      try {
        value = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8);
      } catch (IOException | InvalidPathException e) {
        fileKey.problem("cannot read " + file);
        return null;
      }
      if (value.isBlank()) {
        fileKey.problem(file + " is empty");
        return null;
      }
    } else {
      if (required) {
        obj.problem("needs " + name + "Env or " + name + "File (secrets never live in this file)");
      }
      return null;
    }
    return new Read(Secret.of(value.strip()), where);
  }

  Path path(Node n, String dflt) {
    String t = n.text(dflt);
    if (t == null) {
      return null;
    }
    try {
      return Path.of(t.strip());
    } catch (InvalidPathException e) {
      n.problem("not a path: " + Checks.quote(t));
      return null;
    }
  }

  Optional<URI> url(Node n, Function<String, String> check) {
    String t = n.text();
    if (t == null || !report(n, check.apply(t))) {
      return Optional.empty();
    }
    return Optional.of(URI.create(t.strip()));
  }

  Duration duration(Node n, Duration dflt) {
    String t = n.text();
    if (t == null) {
      return dflt;
    }
    try {
      return Durations.parse(t);
    } catch (IllegalArgumentException e) {
      n.problem(e.getMessage());
      return null;
    }
  }

  Optional<String> checked(Node n, String value, Function<String, String> check) {
    return value != null && report(n, check.apply(value)) ? Optional.of(value) : Optional.empty();
  }

  static String knownGroups(Map<String, String> groups) {
    return groups.isEmpty()
        ? " (no groups are defined)"
        : " (groups: " + String.join(", ", groups.keySet()) + ")";
  }

  /** Reports the problem if there is one; returns whether the value was fine. */
  static boolean report(Node n, String problem) {
    if (problem != null) {
      n.problem(problem);
      return false;
    }
    return true;
  }

  /** Builds a record; a rule the checks above missed still ends up in the list, with its path. */
  <T> T build(String path, Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      problems.add(path, e.getMessage());
      return null;
    }
  }

  static Set<String> keys(String... names) {
    return new LinkedHashSet<>(List.of(names));
  }
}
