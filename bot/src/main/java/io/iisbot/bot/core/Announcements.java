package io.iisbot.bot.core;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.bot.confirm.Pinned;
import io.iisbot.bot.fleet.FleetResult;
import io.iisbot.bot.fleet.HostOutcome;
import io.iisbot.bot.render.Messages;
import io.iisbot.iis.Durations;
import io.iisbot.iis.engine.Outcome;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code announce:} channels: a one-line notice in each when an operation starts and when it
 * ends, whoever started it and from wherever — who, what, why, the outcome and how long it took,
 * and a link to the console's view of the operation when the bot has a public URL. A channel where
 * the operation's own message already is gets no notice. A notice that cannot be posted is logged
 * and the operation goes on. Thread-safe.
 */
public final class Announcements implements OperationListener {

  private static final Logger LOG = LoggerFactory.getLogger(Announcements.class);

  /** One channel to announce in: the platform's name ({@code slack}) and the channel's id. */
  public record Channel(String platform, String channel) {
    public Channel {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(channel, "channel");
    }
  }

  private final List<Channel> channels;
  private final Map<String, ChatSink> sinks;
  private final Optional<URI> publicUrl;
  private final Clock clock;
  private final Map<String, Instant> startedAt = new ConcurrentHashMap<>();

  /**
   * @param sinks each platform's chat by name; read at each notice
   * @param publicUrl where people reach the console, for links to the operation view
   */
  public Announcements(
      List<Channel> channels, Map<String, ChatSink> sinks, Optional<URI> publicUrl, Clock clock) {
    this.channels = List.copyOf(channels);
    this.sinks = sinks;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  @Override
  public void started(String operation, Launch launch, Map<String, String> perHost) {
    startedAt.put(operation, clock.instant());
    Pinned p = launch.pinned();
    List<String> parts = new ArrayList<>();
    parts.add("by " + who(launch));
    parts.add(hosts(p.hosts()));
    reason(p).ifPresent(parts::add);
    link(operation).ifPresent(parts::add);
    post(
        launch,
        notice("Started: " + p.command(), Status.RUNNING, String.join(" · ", parts), operation));
  }

  @Override
  public void finished(String operation, Launch launch, FleetResult result) {
    Instant began = startedAt.remove(operation);
    Duration took =
        began != null
            ? Duration.between(began, clock.instant())
            : result.hosts().stream()
                .filter(h -> h.result() != null)
                .map(h -> h.result().duration())
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
    Pinned p = launch.pinned();
    List<String> parts = new ArrayList<>();
    parts.add(outcome(result) + " in " + Durations.format(took));
    parts.add("by " + who(launch));
    reason(p).ifPresent(parts::add);
    link(operation).ifPresent(parts::add);
    boolean ok = result.succeeded();
    post(
        launch,
        notice(
            (ok ? "Done: " : "Failed: ") + p.command(),
            ok ? Status.SUCCESS : Status.FAILURE,
            String.join(" · ", parts),
            operation));
  }

  /** {@code succeeded on 3 hosts}, {@code failed on web02 (1 of 3 hosts; 1 not run)}. */
  static String outcome(FleetResult r) {
    int all = r.hosts().size() + r.notRun().size();
    List<String> failed =
        r.hosts().stream().filter(HostOutcome::failed).map(HostOutcome::host).toList();
    if (failed.isEmpty() && r.notRun().isEmpty()) {
      boolean partial =
          r.hosts().stream()
              .anyMatch(
                  h -> h.result() != null && h.result().outcome() == Outcome.PARTIALLY_SUCCEEDED);
      return (partial ? "partly succeeded" : "succeeded") + " on " + plural(all, "host");
    }
    return "failed"
        + (failed.isEmpty() ? "" : " on " + String.join(", ", failed))
        + " ("
        + failed.size()
        + " of "
        + plural(all, "host")
        + (r.notRun().isEmpty() ? "" : "; " + r.notRun().size() + " not run")
        + ")";
  }

  private static String who(Launch launch) {
    Pinned p = launch.pinned();
    if (launch.startedBy() == null) {
      return "iisbot for " + p.requesterName();
    }
    return p.requesterName()
        + (launch.approver() == null ? "" : ", approved by " + launch.approver());
  }

  private static String hosts(List<String> hosts) {
    return hosts.size() <= 3 ? String.join(", ", hosts) : plural(hosts.size(), "host");
  }

  private static Optional<String> reason(Pinned p) {
    return p.reason() == null || p.reason().isBlank()
        ? Optional.empty()
        : Optional.of("reason: " + p.reason());
  }

  /** The console's view of the operation, which opens {@code #op=<id>}. */
  private Optional<String> link(String operation) {
    return publicUrl.map(
        u -> {
          String base = u.toString();
          return (base.endsWith("/") ? base : base + "/") + "#op=" + operation;
        });
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static ChatMessage notice(String title, Status status, String line, String operation) {
    return new ChatMessage(
        title,
        status,
        List.of(line),
        List.of(new Field(Messages.OPERATION_FIELD, operation)),
        List.of(),
        false,
        true);
  }

  private void post(Launch launch, ChatMessage notice) {
    for (Channel c : channels) {
      if (c.platform().equals(launch.platform()) && c.channel().equals(launch.channel())) {
        continue; // the operation's own message is there already
      }
      ChatSink sink = sinks.get(c.platform());
      if (sink == null) {
        LOG.warn(
            "cannot announce in {} channel {}: the platform is not running",
            c.platform(),
            c.channel());
        continue;
      }
      try {
        sink.post(c.channel(), null, notice);
      } catch (RuntimeException e) {
        LOG.warn(
            "announcing {} in {} channel {} failed", notice.title(), c.platform(), c.channel(), e);
      }
    }
  }
}
