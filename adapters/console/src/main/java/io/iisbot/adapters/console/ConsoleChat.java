package io.iisbot.adapters.console;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Mention;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The console's side of the chat: every message the bot posts or edits, by id, and the listeners
 * (open event streams) told of each change. Ephemeral messages are kept for their one viewer.
 *
 * <p>What is kept is bounded per kind, so that no one can push out what others need: each person's
 * private replies are kept apart (the latest {@value #MAX_PRIVATE_PER_VIEWER}), so a flood of
 * {@code /iis help} evicts only the flooder's older replies; a public message that is not final (a
 * prompt, a running operation's card) is not evicted by anything anyone else posts; finished public
 * messages go oldest first beyond {@value #MAX_FINISHED}. Thread-safe.
 */
public final class ConsoleChat implements ChatSink {

  public static final String PLATFORM = "console";

  /** A message as the console shows it, with the identity it is only for (null: everyone). */
  public record Stored(String id, int version, ChatMessage message, String onlyFor) {}

  /** Finished public messages beyond this many go, oldest first. */
  static final int MAX_FINISHED = 2_000;

  /** Each person's private replies beyond this many go, their oldest first. */
  static final int MAX_PRIVATE_PER_VIEWER = 200;

  /** Private replies are kept for this many people; those of the one idle longest go first. */
  static final int MAX_VIEWERS = 1_000;

  /**
   * A ceiling on one person's unfinished public messages (prompts nobody clicked stay unfinished):
   * beyond it their own oldest goes, so memory stays bounded without touching anyone else's.
   */
  static final int MAX_OPEN_PER_POSTER = 500;

  /** Where a message is kept; {@code seq} orders messages as they were posted. */
  private record Entry(long seq, String poster, Stored stored) {}

  private final Map<String, Entry> byId = new HashMap<>();
  private final TreeMap<Long, String> open = new TreeMap<>();
  private final TreeMap<Long, String> finished = new TreeMap<>();

  /** Each viewer's private message ids in posting order; iterated least recently active first. */
  private final LinkedHashMap<String, ArrayDeque<String>> privateByViewer =
      new LinkedHashMap<>(16, 0.75f, true);

  private final List<Consumer<Stored>> listeners = new CopyOnWriteArrayList<>();
  private long next;

  @Override
  public String post(String channel, Caller onlyFor, ChatMessage shown) {
    // The console shows people by name, whichever platform they are on.
    ChatMessage message = shown.mapText(Mention::names);
    Stored s;
    synchronized (this) {
      long seq = ++next;
      String poster = onlyFor == null ? "" : onlyFor.user().toString();
      s = new Stored("m" + seq, 1, message, message.ephemeral() && onlyFor != null ? poster : null);
      byId.put(s.id(), new Entry(seq, poster, s));
      if (s.onlyFor() != null) {
        keepPrivate(s);
      } else {
        (message.last() ? finished : open).put(seq, s.id());
        evictPublic(poster);
      }
    }
    listeners.forEach(l -> l.accept(s));
    return s.id();
  }

  private void keepPrivate(Stored s) {
    ArrayDeque<String> mine = privateByViewer.computeIfAbsent(s.onlyFor(), v -> new ArrayDeque<>());
    mine.addLast(s.id());
    while (mine.size() > MAX_PRIVATE_PER_VIEWER) {
      byId.remove(mine.removeFirst());
    }
    if (privateByViewer.size() > MAX_VIEWERS) {
      Iterator<ArrayDeque<String>> eldest = privateByViewer.values().iterator();
      eldest.next().forEach(byId::remove);
      eldest.remove();
    }
  }

  private void evictPublic(String poster) {
    List<Long> theirs = new ArrayList<>();
    for (Map.Entry<Long, String> e : open.entrySet()) {
      if (byId.get(e.getValue()).poster().equals(poster)) {
        theirs.add(e.getKey());
      }
    }
    for (int i = 0; i < theirs.size() - MAX_OPEN_PER_POSTER; i++) {
      byId.remove(open.remove(theirs.get(i)));
    }
    while (finished.size() > MAX_FINISHED) {
      byId.remove(finished.pollFirstEntry().getValue());
    }
  }

  @Override
  public void update(String channel, String messageId, ChatMessage shown) {
    ChatMessage message = shown.mapText(Mention::names);
    Stored s;
    synchronized (this) {
      Entry old = byId.get(messageId);
      if (old == null) {
        throw new IllegalArgumentException("no console message " + messageId);
      }
      Stored was = old.stored();
      s = new Stored(messageId, was.version() + 1, message, was.onlyFor());
      byId.put(messageId, new Entry(old.seq(), old.poster(), s));
      if (s.onlyFor() == null && was.message().last() != message.last()) {
        (message.last() ? open : finished).remove(old.seq());
        (message.last() ? finished : open).put(old.seq(), messageId);
        evictPublic(old.poster());
      }
    }
    listeners.forEach(l -> l.accept(s));
  }

  /** The current version of a message, if the viewer may see it. */
  public synchronized Optional<Stored> get(String id, String viewer) {
    Entry e = byId.get(id);
    return e == null || (e.stored().onlyFor() != null && !e.stored().onlyFor().equals(viewer))
        ? Optional.empty()
        : Optional.of(e.stored());
  }

  /** The latest messages the viewer may see, oldest first. */
  public synchronized List<Stored> recent(String viewer, int limit) {
    List<Entry> candidates = new ArrayList<>();
    latest(open.descendingMap().values(), limit, candidates);
    latest(finished.descendingMap().values(), limit, candidates);
    ArrayDeque<String> mine = privateByViewer.get(viewer);
    if (mine != null) {
      latest(mine::descendingIterator, limit, candidates);
    }
    candidates.sort(Comparator.comparingLong(Entry::seq));
    return candidates.subList(Math.max(0, candidates.size() - limit), candidates.size()).stream()
        .map(Entry::stored)
        .toList();
  }

  private void latest(Iterable<String> newestFirst, int limit, List<Entry> into) {
    int n = 0;
    for (Iterator<String> i = newestFirst.iterator(); i.hasNext() && n < limit; n++) {
      into.add(byId.get(i.next()));
    }
  }

  /** Tells the listener of every post and edit from now on; returns how to stop. */
  public Runnable listen(Consumer<Stored> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
