package io.iisbot.bot.lb;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A load balancer as the bot uses it: take a server out, put it back, read its connections and
 * health, and count what stays in service. Implementations are thread-safe; every method may block
 * on the network and throws {@link BalancerException} with a message written for the operator.
 */
public interface Balancer {

  /** The configured name ({@code edge}). */
  String name();

  /**
   * Each backend that holds {@code server}, with the state of all its servers, as of now. Empty
   * when this balancer cannot tell (an http balancer).
   */
  List<Backend> backendsOf(String server);

  /** Stops sending new connections to {@code server}; those open go on. */
  void drain(String server);

  /** Lets {@code server} take new connections again. */
  void restore(String server);

  /** The server's current connections, summed over its backends; empty when not known. */
  OptionalInt connections(String server);

  /** Whether the balancer reports the server UP everywhere; empty when it cannot tell. */
  Optional<Boolean> up(String server);

  /** One backend and its servers. */
  record Backend(String name, List<Server> servers) {
    public Backend {
      servers = List.copyOf(servers);
    }

    /** How many servers take traffic now. */
    public int inService() {
      return (int) servers.stream().filter(Server::inService).count();
    }

    public Optional<Server> server(String name) {
      return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }
  }

  /**
   * One server of a backend as the balancer reports it.
   *
   * @param status HAProxy's words: {@code UP}, {@code UP 1/3}, {@code DOWN}, {@code DRAIN}, {@code
   *     MAINT}, {@code no check}
   * @param sessions its current sessions
   */
  record Server(String name, String status, int sessions) {
    /** UP (or unchecked) and not draining or in maintenance. */
    public boolean inService() {
      return status.startsWith("UP") || status.equals("no check");
    }
  }
}
