package io.iisbot.bot.command;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Scope;
import java.time.Duration;
import java.util.Objects;

/**
 * A command as typed, understood and checked. Fields a command does not take hold their defaults:
 * {@code null}, {@link Scope#host()}, {@link Options#defaults()}, batch 1, limit 20.
 *
 * @param spec the command
 * @param target what it is aimed at; {@code null} when the command takes none or none was given
 * @param scope the site or pool it is narrowed to; the whole host when none was given
 * @param options drain, force, persist and all, for the engine
 * @param batch how many hosts at a time, 1 to 50
 * @param reason the {@code --reason}, or {@code null}
 * @param since how far back {@code events} looks, or {@code null}
 * @param level the least severe event level {@code events} shows, or {@code null}
 * @param limit how many operations {@code history} shows, 1 to 200
 * @param filter the filters of {@code history}
 * @param helpTopic the command {@code help} was asked about, or {@code null} for the list
 * @param window the {@code --for} of a maintenance window, or {@code null}
 * @param at the {@code --at} of a scheduled run, or {@code null} to run once confirmed
 * @param noLb whether {@code --no-lb} leaves the load balancers alone
 * @param pauseBetween how long a rolling run waits between batches ({@code --pause-between}), or
 *     {@code null} for no wait
 */
public record ParsedCommand(
    CommandSpec spec,
    Target target,
    Scope scope,
    Options options,
    int batch,
    String reason,
    Duration since,
    EventLevel level,
    int limit,
    HistoryFilter filter,
    String helpTopic,
    Duration window,
    At at,
    Duration pauseBetween,
    boolean noLb) {

  /**
   * The command's name in the registry ({@code stop}, {@code status}), to label metrics and logs;
   * what a command does is its handler's, never decided by this name.
   */
  public String verb() {
    return spec.name();
  }

  public static final int DEFAULT_BATCH = 1;
  public static final int MAX_BATCH = 50;
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 200;

  /**
   * The filters of {@code history}; each {@code null} when not given.
   *
   * @param user a platform-qualified user id as typed
   * @param action only operations of this action
   * @param outcome only entries with this outcome, a word of the audit trail such as {@code failed}
   *     or {@code denied} in lower case
   */
  public record HistoryFilter(String user, Action action, String outcome) {
    public static HistoryFilter none() {
      return new HistoryFilter(null, null, null);
    }
  }

  public ParsedCommand {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(filter, "filter");
    if (batch < 1 || batch > MAX_BATCH) {
      throw new IllegalArgumentException("--batch must be 1 to " + MAX_BATCH + ", was " + batch);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("--limit must be 1 to " + MAX_LIMIT + ", was " + limit);
    }
  }

  /** This command to run as soon as it is confirmed: without its {@code --at}. */
  public ParsedCommand withoutAt() {
    return new ParsedCommand(
        spec,
        target,
        scope,
        options,
        batch,
        reason,
        since,
        level,
        limit,
        filter,
        helpTopic,
        window,
        null,
        pauseBetween,
        noLb);
  }

  /**
   * Whether a command's text, as pinned, says {@code --no-lb}: the run reads it from the confirmed
   * text, which is what the prompt showed.
   */
  public static boolean skipsLoadBalancer(String text) {
    return Tokenizer.split(text).stream()
        .anyMatch(t -> t.text().equals("--no-lb") && t.bareUpTo(t.text().length()));
  }

  /** The engine request of a state-changing command, for each host the target resolves to. */
  public OperationRequest request() {
    Action action =
        spec.engineAction()
            .orElseThrow(
                () -> new IllegalStateException(spec.name() + " does not change IIS state"));
    return new OperationRequest(action, scope, options);
  }
}
