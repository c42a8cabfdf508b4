package io.iisbot.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The problems found so far, each with its key path. A value whose environment reference failed is
 * "poisoned": it was reported once, and whatever else goes wrong at or under its path follows from
 * that, so it is not reported again.
 */
final class Problems {

  private final List<String> problems = new ArrayList<>();
  private final Set<String> poisoned = new HashSet<>();
  private int suppressed;

  void add(String path, String message) {
    if (isPoisoned(path)) {
      suppressed++;
      return;
    }
    problems.add(path.isEmpty() ? message : path + ": " + message);
  }

  void poison(String path) {
    poisoned.add(path);
  }

  /** Every problem seen, reported or not: a section that added to it must not build its record. */
  int count() {
    return problems.size() + suppressed;
  }

  boolean isEmpty() {
    return count() == 0;
  }

  List<String> list() {
    return List.copyOf(problems);
  }

  void throwIfAny() {
    if (!isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private boolean isPoisoned(String path) {
    for (String p : poisoned) {
      if (path.equals(p) || path.startsWith(p + ".") || path.startsWith(p + "[")) {
        return true;
      }
    }
    return false;
  }
}
