package io.iisbot.bot.core;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit trail: every request, denial, click, step and result. An entry names what it
 * concerns by name, so a call reads without its signature:
 *
 * <pre>{@code
 * audit.entry(Kind.REQUEST, platform, caller).hosts(hosts).action("stop").outcome(AuditEntry.PROMPTED)
 *     .detail(text).record();
 * }</pre>
 *
 * A failure to write is never thrown: the action it records has already happened, so the entry
 * waits in {@link PendingWrites} and is written when the store is back. Thread-safe.
 */
public final class Audit {

  private static final Logger LOG = LoggerFactory.getLogger(Audit.class);

  private final BotStore store;
  private final Clock clock;
  private final PendingWrites pending;
  private volatile Telemetry telemetry = Telemetry.NONE;

  /** An audit whose failed writes are retried when the next one comes. */
  public Audit(BotStore store, Clock clock) {
    this(store, clock, new PendingWrites(Runnable::run, null));
  }

  /**
   * @param pending where a write the store fails waits to be retried
   */
  Audit(BotStore store, Clock clock, PendingWrites pending) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pending = Objects.requireNonNull(pending, "pending");
  }

  /** The store writes waiting for the store to come back; they are retried in order. */
  PendingWrites pending() {
    return pending;
  }

  /** Tells {@code t} of every entry recorded from now on. */
  void observe(Telemetry t) {
    this.telemetry = Objects.requireNonNull(t, "telemetry");
  }

  /**
   * An entry of this kind, by this person on this platform; fill in what it concerns, then {@link
   * Entry#record()}.
   *
   * @param by who acted; null for the bot itself (a timer, a re-attached operation)
   */
  public Entry entry(AuditEntry.Kind kind, String platform, Caller by) {
    return new Entry(kind, platform, by == null ? null : by.user().toString());
  }

  /** A refusal: {@code by} may not {@code action} on {@code hosts}, for the reason given. */
  public void denial(
      String platform, Caller by, String action, Collection<String> hosts, String why) {
    entry(AuditEntry.Kind.DENIAL, platform, by)
        .hosts(hosts)
        .action(action)
        .outcome(AuditEntry.DENIED)
        .detail(why)
        .record();
  }

  /**
   * Records several entries as one write (one transaction where the store has them), stamped now,
   * in their order; like {@link Entry#record()}, a failed write waits in {@link PendingWrites}. The
   * end of a run over a hundred hosts costs one store round trip, not a hundred.
   */
  public void recordAll(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<AuditEntry> stamped = entries.stream().map(Entry::stamped).toList();
    try {
      pending.write(
          "audit of " + stamped.size() + " entries, first " + stamped.get(0).kind(),
          () -> store.recordAll(stamped));
    } catch (RuntimeException failure) {
      LOG.error("could not write {} audit entries", stamped.size(), failure);
    }
    for (int i = 0; i < entries.size(); i++) {
      entries.get(i).told(stamped.get(i));
    }
  }

  /** One entry being filled in. Not thread-safe; record it once. */
  public final class Entry {
    private final AuditEntry.Kind kind;
    private final String platform;
    private final String user;
    private String host;
    private String action;
    private String target;
    private String operation;
    private String outcome;
    private String detail;

    private Entry(AuditEntry.Kind kind, String platform, String user) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.platform = platform;
      this.user = user;
    }

    /** The hosts it concerns, written as one comma-separated field; none leaves it empty. */
    public Entry hosts(Collection<String> names) {
      this.host = names == null || names.isEmpty() ? null : String.join(",", names);
      return this;
    }

    public Entry host(String name) {
      this.host = name;
      return this;
    }

    /** The command's permission word: {@code stop}, {@code console}. */
    public Entry action(String name) {
      this.action = name;
      return this;
    }

    /** The part of the host acted on: {@code site:Default Web Site}, {@code host}. */
    public Entry target(String scope) {
      this.target = scope;
      return this;
    }

    public Entry operation(String id) {
      this.operation = id;
      return this;
    }

    /** How it ended: one of {@link AuditEntry#OUTCOMES}, such as {@link AuditEntry#DENIED}. */
    public Entry outcome(String word) {
      this.outcome = word;
      return this;
    }

    /** Free text for the people who read the trail. */
    public Entry detail(String text) {
      this.detail = text;
      return this;
    }

    /**
     * Writes the entry, stamped now; when the store fails, it waits in {@link PendingWrites} and is
     * written, with this time, once the store is back.
     */
    public void record() {
      AuditEntry e = stamped();
      try {
        pending.write("audit " + kind + " " + action + " " + host, () -> store.record(e));
      } catch (RuntimeException failure) {
        LOG.error("could not write the audit entry {} {} {}", kind, action, host, failure);
      }
      told(e);
    }

    private AuditEntry stamped() {
      return new AuditEntry(
          0,
          clock.instant(),
          kind,
          platform,
          user,
          host,
          action,
          target,
          operation,
          outcome,
          detail);
    }

    private void told(AuditEntry e) {
      try {
        telemetry.audited(e);
      } catch (RuntimeException failure) {
        LOG.warn("telemetry failed on an audit entry", failure);
      }
    }
  }
}
