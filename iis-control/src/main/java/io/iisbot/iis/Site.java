package io.iisbot.iis;

import java.util.List;
import java.util.Objects;

/**
 * A web site.
 *
 * @param bindings as appcmd prints them, e.g. {@code http/*:80:}
 * @param pools the app pools its applications run in, root application first
 * @param serverAutoStart whether W3SVC starts the site when W3SVC starts
 */
public record Site(
    String name,
    long id,
    ObjectState state,
    List<String> bindings,
    List<String> pools,
    boolean serverAutoStart) {

  public Site {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
    bindings = List.copyOf(bindings);
    pools = List.copyOf(pools);
  }
}
