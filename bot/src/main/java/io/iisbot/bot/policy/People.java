package io.iisbot.bot.policy;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who is who: each configured person and their accounts on every platform. Rules about people (only
 * the requester confirms, a second person approves) compare {@link #key}s, and a person's roles are
 * those of every account they hold, as {@link #expand} adds them. Immutable and thread-safe.
 */
public final class People {

  /** The identity kind roles use to name a person: {@code person:alice}. */
  public static final String PERSON = "person";

  private final Map<String, List<Identity>> accounts;
  private final Map<Identity, String> owner = new HashMap<>();

  /**
   * @param accounts each person's name and accounts
   * @throws IllegalArgumentException when an account belongs to two people
   */
  public People(Map<String, List<Identity>> accounts) {
    Map<String, List<Identity>> copy = new LinkedHashMap<>();
    accounts.forEach(
        (name, ids) -> {
          copy.put(name, List.copyOf(ids));
          for (Identity id : ids) {
            String before = owner.putIfAbsent(id, name);
            if (before != null) {
              throw new IllegalArgumentException(
                  id + " belongs to both " + before + " and " + name);
            }
          }
        });
    this.accounts = Map.copyOf(copy);
  }

  /** Nobody configured: every account stands for itself. */
  public static People none() {
    return new People(Map.of());
  }

  /** The person holding this account. */
  public Optional<String> personOf(Identity account) {
    return Optional.ofNullable(owner.get(account));
  }

  /** Who acted, for "same person" rules: {@code person:<name>}, or the account itself. */
  public String key(Identity account) {
    return personOf(account).map(p -> PERSON + ":" + p).orElse(account.toString());
  }

  /** Whether the account is on some person's list. */
  public boolean known(Identity account) {
    return owner.containsKey(account);
  }

  /**
   * The caller as the rules see them: their memberships plus, when the account is a person's,
   * {@code person:<name>} and the person's other accounts. Group and role memberships stay with the
   * platform that reported them.
   */
  public Caller expand(Caller caller) {
    Optional<String> person = personOf(caller.user());
    if (person.isEmpty()) {
      return caller;
    }
    List<Identity> more = new ArrayList<>(caller.memberships());
    Identity p = new Identity(PERSON, person.get());
    if (!more.contains(p)) {
      more.add(p);
    }
    for (Identity other : accounts.get(person.get())) {
      if (!other.equals(caller.user()) && !more.contains(other)) {
        more.add(other);
      }
    }
    return new Caller(caller.user(), more, caller.displayName());
  }

  /**
   * The platform an account belongs to: the part of its kind before any {@code -} ({@code
   * slack-group} → {@code slack}).
   */
  public static String platformOf(Identity account) {
    int dash = account.kind().indexOf('-');
    return dash < 0 ? account.kind() : account.kind().substring(0, dash);
  }
}
