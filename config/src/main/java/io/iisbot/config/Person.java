package io.iisbot.config;

import java.util.List;
import java.util.Objects;

/**
 * One human and the accounts they use, so that rules about people (the two-person rule, "only the
 * requester confirms") hold whichever platform each click comes from. Immutable.
 *
 * @param name the person's name, 1-63 of a-z 0-9 -; roles name them as {@code person:<name>}
 * @param ids their own accounts: {@code slack:U…}, {@code discord:<id>}, {@code console:<name>}
 */
public record Person(String name, List<String> ids) {

  /**
   * @throws IllegalArgumentException naming the field and the bad value
   */
  public Person {
    Objects.requireNonNull(name, "name");
    ids = List.copyOf(ids);
    Checks.require("name", Checks.groupName(name));
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("ids: at least one account is needed");
    }
    for (String id : ids) {
      Checks.require("ids", Checks.userIdentity(id));
    }
  }

  /** How roles name this person: {@code person:alice}. */
  public String identity() {
    return "person:" + name;
  }
}
