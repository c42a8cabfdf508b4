package io.iisbot.config;

import io.iisbot.iis.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the {@code people}, {@code roles} and {@code policies} sections: who is who, who may do
 * what, and the extra rules.
 */
final class Access {

  private final Values v;
  private final Map<String, String> groups;

  Access(Values v, Map<String, String> groups) {
    this.v = v;
    this.groups = groups;
  }

  /** The people: each name once, each account held by one person only. */
  List<Person> people(Node n) {
    List<Person> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    java.util.Map<String, String> owner = new java.util.HashMap<>();
    for (Node p : n.list()) {
      if (!p.mapping(Values.keys("name", "ids"))) {
        if (!p.present()) {
          p.problem("must be a person with name and ids");
        }
        continue;
      }
      int before = v.problemCount();
      String name = name(p, names);
      List<String> ids = new ArrayList<>();
      if (!p.get("ids").present() || p.get("ids").list().isEmpty()) {
        p.get("ids")
            .problem(
                "at least one account is needed (slack:U…, discord:<id>, teams:<user object id>,"
                    + " console:<name>)");
      }
      for (Node i : p.get("ids").list()) {
        String id = i.text();
        if (id == null || !Values.report(i, Checks.userIdentity(id.strip()))) {
          continue;
        }
        String other = owner.putIfAbsent(id.strip(), name);
        if (other != null) {
          i.problem(
              Checks.quote(id.strip())
                  + " is already "
                  + other
                  + "'s: an account belongs to one person");
        } else {
          ids.add(id.strip());
        }
      }
      if (v.problemCount() == before) {
        Person person = build(p, () -> new Person(name, ids));
        if (person != null) {
          out.add(person);
        }
      }
    }
    return out;
  }

  List<Role> roles(Node n, List<Person> people) {
    Set<String> personIds = new HashSet<>();
    people.forEach(p -> personIds.add(p.identity()));
    List<Role> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node r : n.list()) {
      if (!r.mapping(Values.keys("name", "members", "allow"))) {
        if (!r.present()) {
          r.problem("must be a role with name, members and allow");
        }
        continue;
      }
      int before = v.problemCount();
      String name = name(r, names);
      List<String> members = new ArrayList<>();
      for (Node m : r.get("members").list()) {
        String id = m.text();
        if (id == null || !Values.report(m, Checks.identity(id.strip()))) {
          continue;
        }
        if (id.strip().startsWith("person:") && !personIds.contains(id.strip())) {
          m.problem("no person " + Checks.quote(id.strip().substring(7)) + " in people");
        } else {
          members.add(id.strip());
        }
      }
      List<Role.Grant> grants = new ArrayList<>();
      for (Node g : r.get("allow").list()) {
        if (!g.mapping(Values.keys("actions", "hosts"))) {
          if (!g.present()) {
            g.problem("must be {actions: [...], hosts: [...]}");
          }
          continue;
        }
        Set<String> actions = actions(g.get("actions"));
        List<HostPattern> hosts = hosts(g.get("hosts"));
        if (v.problemCount() == before) {
          Role.Grant grant = build(g, () -> new Role.Grant(actions, hosts));
          if (grant != null) {
            grants.add(grant);
          }
        }
      }
      if (v.problemCount() == before) {
        Role role = build(r, () -> new Role(name, members, grants));
        if (role != null) {
          out.add(role);
        }
      }
    }
    return out;
  }

  List<Policy> policies(Node n) {
    List<Policy> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node p : n.list()) {
      if (!p.mapping(
          Values.keys(
              "name",
              "actions",
              "hosts",
              "secondApprover",
              "confirmTimeout",
              "maxBatch",
              "requireReason"))) {
        if (!p.present()) {
          p.problem("must be a policy with name, actions and hosts");
        }
        continue;
      }
      int before = v.problemCount();
      String name = name(p, names);
      Set<String> actions = actions(p.get("actions"));
      List<HostPattern> hosts = hosts(p.get("hosts"));
      Boolean second = p.get("secondApprover").bool();
      Boolean reason = p.get("requireReason").bool();
      Duration timeout = Policy.DEFAULT_CONFIRM_TIMEOUT;
      String t = p.get("confirmTimeout").text();
      if (t != null) {
        try {
          timeout = Durations.parse(t);
          Values.report(p.get("confirmTimeout"), Policy.checkConfirmTimeout(timeout));
        } catch (IllegalArgumentException e) {
          p.get("confirmTimeout").problem(e.getMessage());
        }
      }
      Integer maxBatch = p.get("maxBatch").integer();
      if (maxBatch != null && maxBatch < 1) {
        p.get("maxBatch").problem("must be at least 1, was " + maxBatch);
      }
      if (v.problemCount() == before) {
        Duration to = timeout;
        Policy policy =
            build(
                p,
                () ->
                    new Policy(
                        name,
                        actions,
                        hosts,
                        second != null && second,
                        to,
                        maxBatch == null ? OptionalInt.empty() : OptionalInt.of(maxBatch),
                        reason != null && reason));
        if (policy != null) {
          out.add(policy);
        }
      }
    }
    return out;
  }

  private String name(Node owner, Set<String> names) {
    Node n = owner.get("name");
    String name = n.required();
    if (name != null && Values.report(n, Checks.groupName(name)) && !names.add(name)) {
      n.problem("\"" + name + "\" is used twice");
    }
    return name;
  }

  private Set<String> actions(Node n) {
    Set<String> out = new LinkedHashSet<>();
    List<Node> list = n.list();
    if (!n.present() || (n.isList() && list.isEmpty())) {
      n.problem("at least one action is needed (a command such as stop or status, or *)");
    }
    for (Node a : list) {
      String text = a.text();
      if (text != null && Values.report(a, Actions.check(text))) {
        out.add(Actions.normal(text));
      }
    }
    return out;
  }

  private List<HostPattern> hosts(Node n) {
    List<HostPattern> out = new ArrayList<>();
    List<Node> list = n.list();
    if (!n.present() || (n.isList() && list.isEmpty())) {
      n.problem("at least one host pattern is needed (web01, web0*, @group or *)");
    }
    for (Node h : list) {
      String text = h.text();
      if (text == null || !Values.report(h, HostPattern.check(text.strip()))) {
        continue;
      }
      HostPattern p = new HostPattern(text.strip());
      if (p.group() != null && !groups.containsKey(p.group())) {
        h.problem("unknown group " + Checks.quote(text) + Values.knownGroups(groups));
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private <T> T build(Node where, Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      where.problem(e.getMessage());
      return null;
    }
  }
}
