package io.iisbot.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One IIS host, reached through its agent. Immutable.
 *
 * @param name how chat commands name the host ({@code web01}): 1-63 of a-z 0-9 -
 * @param agent the agent's base URL, {@code https://host:port}
 * @param keyId the id of the key requests to this agent are signed with
 * @param secret that key, at least 32 bytes
 * @param groups the groups the host is in ({@code @production} in a command or pattern)
 * @param environment e.g. {@code production} or {@code staging}, shown with the host
 * @param caCertificate a PEM file to trust for an agent with a self-signed certificate
 * @param loadBalancer the load balancer the host sits behind, and its server name there
 */
public record Host(
    String name,
    URI agent,
    String keyId,
    Secret secret,
    List<String> groups,
    Optional<String> environment,
    Optional<Path> caCertificate,
    Optional<Behind> loadBalancer) {

  /** Agents sign with HMAC-SHA256; shorter keys are refused on both sides. */
  public static final int MIN_SECRET_BYTES = 32;

  /**
   * @throws IllegalArgumentException naming the field and the bad value
   */
  public Host {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(caCertificate, "caCertificate");
    Objects.requireNonNull(loadBalancer, "loadBalancer");
    groups = List.copyOf(groups);
    Checks.require("name", Checks.hostName(name));
    Checks.require("agent", Checks.agentUrl(agent.toString()));
    Checks.require("keyId", Checks.keyId(keyId));
    if (secret.length() < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "secret: needs at least " + MIN_SECRET_BYTES + " bytes, was " + secret.length());
    }
    for (String g : groups) {
      Checks.require("groups", Checks.groupName(g));
    }
    if (new HashSet<>(groups).size() != groups.size()) {
      throw new IllegalArgumentException("groups: a group is named twice in " + groups);
    }
    environment.ifPresent(e -> Checks.require("environment", Checks.groupName(e)));
  }

  /** A host behind no load balancer. */
  public Host(
      String name,
      URI agent,
      String keyId,
      Secret secret,
      List<String> groups,
      Optional<String> environment,
      Optional<Path> caCertificate) {
    this(name, agent, keyId, secret, groups, environment, caCertificate, Optional.empty());
  }

  /**
   * Where a host sits at a load balancer.
   *
   * @param balancer the name of one of {@code loadBalancers:}
   * @param server the host's server name there; absent: the host's own name
   */
  public record Behind(String balancer, Optional<String> server) {
    public Behind {
      Objects.requireNonNull(balancer, "balancer");
      Objects.requireNonNull(server, "server");
    }
  }

  /** The host's server name at its load balancer (its own name unless {@code lbServer} says). */
  public Optional<String> lbServer() {
    return loadBalancer.map(b -> b.server().orElse(name));
  }

  /** This host with another agent URL (the demo launcher's loopback agents). */
  public Host withAgent(URI agent) {
    return new Host(name, agent, keyId, secret, groups, environment, caCertificate, loadBalancer);
  }

  /** This host with another signing key. */
  public Host withKey(String keyId, Secret secret) {
    return new Host(name, agent, keyId, secret, groups, environment, caCertificate, loadBalancer);
  }

  /** This host behind a load balancer. */
  public Host behind(Behind where) {
    return new Host(
        name, agent, keyId, secret, groups, environment, caCertificate, Optional.of(where));
  }

  /** Whether the host is in {@code group}. */
  public boolean inGroup(String group) {
    return groups.contains(group);
  }
}
