package io.iisbot.adapters.console;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The console's side of the chat: every message the bot posts or edits, by id, and the listeners
 * (open event streams) told of each change. Ephemeral messages are kept for their one viewer.
 * Thread-safe.
 */
public final class ConsoleChat implements ChatSink {

  public static final String PLATFORM = "console";

  /** A message as the console shows it, with the identity it is only for (null: everyone). */
  public record Stored(String id, int version, ChatMessage message, String onlyFor) {}

  /** At most this many messages are kept; older ones are forgotten first. */
  static final int MAX_MESSAGES = 2_000;

  private final Map<String, Stored> messages = new LinkedHashMap<>();
  private final List<Consumer<Stored>> listeners = new CopyOnWriteArrayList<>();
  private long next;

  @Override
  public String post(String channel, Caller onlyFor, ChatMessage message) {
    Stored s;
    synchronized (this) {
      String id = "m" + (++next);
      s =
          new Stored(
              id,
              1,
              message,
              message.ephemeral() && onlyFor != null ? onlyFor.user().toString() : null);
      messages.put(id, s);
      if (messages.size() > MAX_MESSAGES) {
        messages.remove(messages.keySet().iterator().next());
      }
    }
    listeners.forEach(l -> l.accept(s));
    return s.id();
  }

  @Override
  public void update(String channel, String messageId, ChatMessage message) {
    Stored s;
    synchronized (this) {
      Stored old = messages.get(messageId);
      if (old == null) {
        throw new IllegalArgumentException("no console message " + messageId);
      }
      s = new Stored(messageId, old.version() + 1, message, old.onlyFor());
      messages.put(messageId, s);
    }
    listeners.forEach(l -> l.accept(s));
  }

  /** The current version of a message, if the viewer may see it. */
  public synchronized Optional<Stored> get(String id, String viewer) {
    Stored s = messages.get(id);
    return s == null || (s.onlyFor() != null && !s.onlyFor().equals(viewer))
        ? Optional.empty()
        : Optional.of(s);
  }

  /** The latest messages the viewer may see, oldest first. */
  public synchronized List<Stored> recent(String viewer, int limit) {
    List<Stored> visible = new ArrayList<>();
    for (Stored s : messages.values()) {
      if (s.onlyFor() == null || s.onlyFor().equals(viewer)) {
        visible.add(s);
      }
    }
    return visible.subList(Math.max(0, visible.size() - limit), visible.size());
  }

  /** Tells the listener of every post and edit from now on; returns how to stop. */
  public Runnable listen(Consumer<Stored> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
