package io.iisbot.adapters.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A chat platform in this process: people type commands and click buttons; every message the bot
 * posts or edits is kept with its versions and, if a printer is given, printed as it happens. The
 * demo's terminal walk-through and the whole-bot tests use it. Thread-safe.
 */
public final class LocalChat implements ChatSink {

  private final String platform;
  private final java.util.function.BiConsumer<String, ChatMessage> printer;

  /**
   * @param printer told of every post and edit (message id, content); may be null
   */
  public LocalChat(String platform, java.util.function.BiConsumer<String, ChatMessage> printer) {
    this.platform = platform;
    this.printer = printer;
  }

  public String platform() {
    return platform;
  }

  /** One posted message and every version of it. */
  public static final class Posted {
    final String id;
    final String channel;
    final Caller onlyFor;
    final List<ChatMessage> versions = new ArrayList<>();

    Posted(String id, String channel, Caller onlyFor, ChatMessage first) {
      this.id = id;
      this.channel = channel;
      this.onlyFor = onlyFor;
      versions.add(first);
    }

    public synchronized ChatMessage current() {
      return versions.get(versions.size() - 1);
    }
  }

  private final Map<String, Posted> messages = new LinkedHashMap<>();
  private ChatHandler bot;
  private int next;

  public void connect(ChatHandler b) {
    this.bot = b;
  }

  @Override
  public synchronized String post(String channel, Caller onlyFor, ChatMessage message) {
    String id = "m" + (++next);
    messages.put(id, new Posted(id, channel, message.ephemeral() ? onlyFor : null, message));
    if (printer != null) {
      printer.accept(id, message);
    }
    return id;
  }

  @Override
  public void update(String channel, String messageId, ChatMessage message) {
    Posted p;
    synchronized (this) {
      p = messages.get(messageId);
    }
    if (p == null) {
      throw new IllegalArgumentException("no message " + messageId);
    }
    synchronized (p) {
      p.versions.add(message);
    }
    if (printer != null) {
      printer.accept(messageId, message);
    }
  }

  /** Someone types a command; returns the ids of the messages the bot posted. */
  public List<String> type(Caller who, String channel, String text) {
    ChatReply r = bot.onCommand(new ChatCommand(platform, who, channel, text));
    List<String> ids = new ArrayList<>();
    r.messages().forEach(m -> ids.add(post(channel, who, m)));
    return ids;
  }

  /** Someone clicks the button with this label on a message; returns any new messages' ids. */
  public List<String> click(Caller who, String messageId, String label) {
    Posted p = posted(messageId);
    ChatMessage.Button b =
        p.current().buttons().stream()
            .filter(x -> x.label().equals(label))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no button " + label + " on " + p.current().plainText()));
    ChatReply r =
        bot.onAction(new ChatAction(platform, who, p.channel, messageId, b.action(), b.value()));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < r.messages().size(); i++) {
      if (i == 0 && r.replacesClicked()) {
        update(p.channel, messageId, r.messages().get(0));
      } else {
        ids.add(post(p.channel, who, r.messages().get(i)));
      }
    }
    return ids;
  }

  public synchronized Posted posted(String id) {
    Posted p = messages.get(id);
    if (p == null) {
      throw new AssertionError("no message " + id);
    }
    return p;
  }

  /** The ids of the messages posted in a channel, oldest first. */
  public synchronized List<String> messageIds(String channel) {
    return messages.values().stream()
        .filter(p -> p.channel.equals(channel))
        .map(p -> p.id)
        .toList();
  }

  public ChatMessage current(String id) {
    return posted(id).current();
  }

  /**
   * Waits (real time) until a message in the channel satisfies the condition, and returns its id.
   */
  public String awaitPosted(String channel, Predicate<ChatMessage> condition, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (String id : messageIds(channel)) {
        if (condition.test(current(id))) {
          return id;
        }
      }
      Thread.sleep(10);
    }
    StringBuilder all = new StringBuilder();
    messageIds(channel).forEach(id -> all.append("\n---\n").append(current(id).plainText()));
    throw new AssertionError("no such message in " + channel + "; it holds:" + all);
  }

  /** Waits (real time) until the message satisfies the condition. */
  public ChatMessage await(String id, Predicate<ChatMessage> condition, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      ChatMessage m = current(id);
      if (condition.test(m)) {
        return m;
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "message " + id + " never got there; it reads:\n" + current(id).plainText());
  }
}
