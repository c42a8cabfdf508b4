package io.iisbot.adapters.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.gson.Gson;
import com.slack.api.Slack;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.model.block.Blocks;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.BlockCompositions;
import com.slack.api.util.json.GsonFactory;
import com.slack.api.webhook.WebhookResponse;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatSink;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages in Slack: posted with {@code chat.postMessage} and edited with {@code chat.update} so
 * the channel sees the prompt turn into progress and the result (also posted as a thread reply).
 * Where the bot is not in the channel it falls back to the interaction's {@code response_url}
 * ({@code in_channel}), within Slack's budget of five posts in thirty minutes: progress edits are
 * spaced out and the last post is kept for the result; the channel is told once. Thread-safe.
 */
final class SlackChat implements ChatSink {

  private static final Logger LOG = LoggerFactory.getLogger(SlackChat.class);
  private static final Gson GSON = GsonFactory.createSnakeCase();

  /** Errors that mean the bot cannot post or edit there with its token. */
  static final Set<String> NOT_THERE =
      Set.of(
          "not_in_channel",
          "channel_not_found",
          "cant_update_message",
          "message_not_found",
          "restricted_action");

  /** A response_url takes this many posts ... */
  static final int RESPONSE_URL_USES = 5;

  /** ... within this long of the interaction. */
  static final Duration RESPONSE_URL_LIFE = Duration.ofMinutes(30);

  /** Progress through a response_url at most this often, to keep posts for the result. */
  static final Duration RESPONSE_URL_GAP = Duration.ofSeconds(20);

  private final Slack slack;
  private final MethodsClient methods;
  private final Clock clock;
  private final Cache<String, ResponseUrl> fallbacks =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(RESPONSE_URL_LIFE).build();
  private final Cache<String, Boolean> toldOutside =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(12)).build();

  SlackChat(Slack slack, MethodsClient methods, Clock clock) {
    this.slack = slack;
    this.methods = methods;
    this.clock = clock;
  }

  /** A response_url and what is left of its budget. */
  private static final class ResponseUrl {
    final String url;
    final Instant issued;
    int used;
    Instant last = Instant.EPOCH;

    ResponseUrl(String url, Instant issued) {
      this.url = url;
      this.issued = issued;
    }
  }

  /** Remembers the response_url of a click on a message, for when the token cannot edit it. */
  void rememberResponseUrl(String channel, String ts, String url) {
    if (url != null && !url.isBlank()) {
      fallbacks.put(channel + "|" + ts, new ResponseUrl(url, clock.instant()));
    }
  }

  /**
   * Posts a message in the channel for everyone; falls back to {@code responseUrl} when the bot is
   * not in the channel. Returns the message's ts, or null when it went through the response_url.
   */
  String postPublic(String channel, ChatMessage m, String responseUrl) {
    SlackBlocks.Rendered r = SlackBlocks.render(m);
    try {
      ChatPostMessageResponse res =
          methods.chatPostMessage(b -> b.channel(channel).blocks(r.blocks()).text(r.text()));
      if (res.isOk()) {
        return res.getTs();
      }
      if (!NOT_THERE.contains(res.getError()) || responseUrl == null) {
        LOG.warn("chat.postMessage in {}: {}", channel, res.getError());
        return null;
      }
    } catch (IOException | SlackApiException e) {
      LOG.warn("chat.postMessage in {} failed", channel, e);
      if (responseUrl == null) {
        return null;
      }
    }
    respond(responseUrl, m, "in_channel", false, outsideNote(channel));
    return null;
  }

  /** Answers through a response_url: {@code ephemeral} (only the caller) or {@code in_channel}. */
  void respond(
      String url, ChatMessage m, String responseType, boolean replaceOriginal, String note) {
    SlackBlocks.Rendered r = SlackBlocks.render(m);
    List<LayoutBlock> blocks = new ArrayList<>(r.blocks());
    if (note != null) {
      blocks.add(Blocks.context(List.of(BlockCompositions.markdownText(note))));
    }
    ActionResponse body =
        ActionResponse.builder()
            .responseType(responseType)
            .replaceOriginal(replaceOriginal)
            .text(r.text())
            .blocks(blocks)
            .build();
    try {
      WebhookResponse res = slack.send(url, GSON.toJson(body));
      if (res.getCode() == null || res.getCode() >= 300) {
        LOG.warn("response_url answered {}: {}", res.getCode(), res.getBody());
      }
    } catch (IOException e) {
      LOG.warn("response_url post failed", e);
    }
  }

  /** The once-per-channel note that the bot posts through response URLs there. */
  private String outsideNote(String channel) {
    if (toldOutside.asMap().putIfAbsent(channel, Boolean.TRUE) != null) {
      return null;
    }
    return "iisbot is not in this channel, so it answers through Slack's response URL: at most 5"
        + " updates within 30 minutes, progress only now and then. `/invite @iisbot` for live"
        + " progress.";
  }

  @Override
  public String post(String channel, Caller onlyFor, ChatMessage message) {
    if (message.ephemeral() && onlyFor != null) {
      String user = onlyFor.user().id();
      SlackBlocks.Rendered r = SlackBlocks.render(message);
      try {
        methods.chatPostEphemeral(
            b -> b.channel(channel).user(user).blocks(r.blocks()).text(r.text()));
      } catch (IOException | SlackApiException e) {
        LOG.warn("chat.postEphemeral in {} failed", channel, e);
      }
      return null;
    }
    return postPublic(channel, message, null);
  }

  @Override
  public void update(String channel, String ts, ChatMessage message) {
    ResponseUrl fb = fallbacks.getIfPresent(channel + "|" + ts);
    if (fb == null || toldOutside.getIfPresent(channel) == null) {
      SlackBlocks.Rendered r = SlackBlocks.render(message);
      try {
        ChatUpdateResponse res =
            methods.chatUpdate(b -> b.channel(channel).ts(ts).blocks(r.blocks()).text(r.text()));
        if (res.isOk()) {
          if (message.last()) {
            threadReply(channel, ts, message, r);
          }
          return;
        }
        if (!NOT_THERE.contains(res.getError()) || fb == null) {
          LOG.warn("chat.update {}/{}: {}", channel, ts, res.getError());
          return;
        }
      } catch (IOException | SlackApiException e) {
        LOG.warn("chat.update {}/{} failed", channel, ts, e);
        if (fb == null) {
          return;
        }
      }
    }
    throughResponseUrl(channel, fb, message);
  }

  private void threadReply(String channel, String ts, ChatMessage m, SlackBlocks.Rendered r) {
    try {
      ChatPostMessageResponse res =
          methods.chatPostMessage(
              b -> b.channel(channel).threadTs(ts).blocks(r.blocks()).text(r.text()));
      if (!res.isOk()) {
        LOG.warn("thread reply in {}: {}", channel, res.getError());
      }
    } catch (IOException | SlackApiException e) {
      LOG.warn("thread reply in {} failed", channel, e);
    }
  }

  /** An edit through the clicked message's response_url, within its budget. */
  private void throughResponseUrl(String channel, ResponseUrl fb, ChatMessage m) {
    String note;
    synchronized (fb) {
      Instant now = clock.instant();
      boolean alive = now.isBefore(fb.issued.plus(RESPONSE_URL_LIFE));
      boolean keepOne = !m.last() && fb.used >= RESPONSE_URL_USES - 1;
      boolean tooSoon = !m.last() && fb.used > 0 && now.isBefore(fb.last.plus(RESPONSE_URL_GAP));
      if (!alive || fb.used >= RESPONSE_URL_USES || keepOne || tooSoon) {
        if (m.last()) {
          LOG.warn(
              "the result in {} could not be posted: its response URL is used up or expired",
              channel);
        }
        return;
      }
      fb.used++;
      fb.last = now;
      note = outsideNote(channel);
    }
    respond(fb.url, m, "in_channel", true, note);
  }
}
