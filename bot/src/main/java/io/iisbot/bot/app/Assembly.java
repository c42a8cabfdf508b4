package io.iisbot.bot.app;

import io.iisbot.adapters.chat.Identity;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.policy.People;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.policy.Policies;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.PostgresStore;
import io.iisbot.bot.store.SqliteStore;
import io.iisbot.config.BotConfig;
import io.iisbot.config.Host;
import io.iisbot.config.Policy;
import io.iisbot.config.Role;
import io.iisbot.iis.agent.AgentCallListener;
import io.iisbot.iis.agent.AgentClient;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parts of the bot read from its configuration: the store, the agents (with the TLS trust each
 * host names), roles and policies, and the chat platforms' settings.
 */
final class Assembly {

  private Assembly() {}

  static BotStore openStore(BotConfig.Store s) {
    if (s instanceof BotConfig.Sqlite q) {
      return SqliteStore.open(q.path());
    }
    BotConfig.Postgres pg = (BotConfig.Postgres) s;
    return PostgresStore.open(
        pg.url(), pg.user(), pg.password() == null ? null : pg.password().text());
  }

  /**
   * @param calls told of every call to an agent (the bot's metrics)
   */
  static HostDirectory hosts(BotConfig config, AgentCallListener calls) {
    java.net.http.HttpClient shared =
        AgentClient.httpClient(AgentClient.DEFAULT_CONNECT_TIMEOUT, null, AGENT_IO);
    return new HostDirectory(
        config.hosts().stream()
            .map(
                h ->
                    new HostDirectory.Entry(
                        h.name(), agent(h, calls, shared), Set.copyOf(h.groups())))
            .toList());
  }

  /**
   * @param shared the HTTP client of every agent with the JDK's default trust; an agent with its
   *     own CA certificate gets a client of its own, on the same threads
   */
  static AgentClient agent(Host h, AgentCallListener calls, java.net.http.HttpClient shared) {
    java.net.http.HttpClient http =
        h.caCertificate()
            .map(
                ca ->
                    AgentClient.httpClient(
                        AgentClient.DEFAULT_CONNECT_TIMEOUT, trusting(h.name(), ca), AGENT_IO))
            .orElse(shared);
    return AgentClient.builder(h.agent(), h.keyId(), h.secret().bytes())
        .name(h.name())
        .listener(calls)
        .httpClient(http)
        .refreshAhead(AGENT_REFRESH)
        .build();
  }

  /**
   * The agents' HTTP clients' threads, shared by every bot in the process: at most 16, since they
   * only move bytes and hand answers on (the calling threads wait for them), each ended after 30 s
   * idle. The JDK's default would be a growing pool per client, hundreds of threads for a fleet
   * under load.
   */
  private static final java.util.concurrent.ExecutorService AGENT_IO =
      daemons("iisbot-agent-io-", 16);

  /**
   * Where snapshots that {@code status} will soon want are asked for ahead of time ({@link
   * AgentClient.Builder#refreshAhead}): a few threads, since each refresh waits on its agent, and
   * one that cannot start soon is not needed (the next {@code status} then asks itself).
   */
  private static final java.util.concurrent.ExecutorService AGENT_REFRESH =
      daemons("iisbot-agent-refresh-", 4);

  /** At most {@code threads} daemon threads, each ended after 30 s idle. */
  private static java.util.concurrent.ExecutorService daemons(String prefix, int threads) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ThreadPoolExecutor pool =
        new java.util.concurrent.ThreadPoolExecutor(
            threads,
            threads,
            30,
            java.util.concurrent.TimeUnit.SECONDS,
            new java.util.concurrent.LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, prefix + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** A TLS context trusting the agent's own (e.g. self-signed) certificate or its CA, from PEM. */
  static javax.net.ssl.SSLContext trusting(String host, java.nio.file.Path pem) {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(pem)) {
      java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (java.security.cert.Certificate c :
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca" + i++, c);
      }
      if (i == 0) {
        throw new IllegalArgumentException(
            "hosts." + host + ".caCertificate: no certificate in " + pem);
      }
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "hosts." + host + ".caCertificate: cannot read " + pem + ": " + e.getMessage(), e);
    }
  }

  static Permissions permissions(BotConfig config, HostDirectory directory) {
    List<Permissions.Role> roles =
        config.roles().stream()
            .map(
                (Role r) ->
                    new Permissions.Role(
                        r.name(),
                        r.members().stream().map(Identity::parse).collect(Collectors.toSet()),
                        r.allow().stream()
                            .map(g -> new Permissions.Grant(g.actions(), g.hosts()))
                            .toList()))
            .toList();
    return new Permissions(roles, directory.groupsByHost(), people(config));
  }

  static Policies policies(BotConfig config, HostDirectory directory) {
    return new Policies(config.policies(), Policy.DEFAULT_CONFIRM_TIMEOUT, directory::groupsOf);
  }

  static People people(BotConfig config) {
    java.util.Map<String, List<Identity>> accounts = new java.util.LinkedHashMap<>();
    config
        .people()
        .forEach(p -> accounts.put(p.name(), p.ids().stream().map(Identity::parse).toList()));
    return new People(accounts);
  }
}
