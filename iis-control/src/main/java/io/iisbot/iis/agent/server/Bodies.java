package io.iisbot.iis.agent.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.iis.agent.AgentJson;
import io.iisbot.iis.agent.server.Agent.HttpError;
import io.iisbot.iis.http.ServerLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Request bodies: read with a bound (after the headers were checked, never before), and parsed only
 * when they are a JSON object, so that {@code null}, {@code []} or {@code "x"} get a 400 written
 * for people instead of a failure deep in the JSON reader. Stateless.
 */
final class Bodies {

  /** Request bodies larger than this are refused with 413. */
  static final int MAX_BYTES = 64 * 1024;

  static final String TOO_LARGE = "request bodies are limited to 64 KiB";

  private Bodies() {}

  /** The client went away or was too slow while sending its body: nothing to answer. */
  static final class Aborted extends RuntimeException {
    Aborted(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Reads the whole body, refusing more than {@link #MAX_BYTES}.
   *
   * @param declared the Content-Length, or -1
   * @throws HttpError 413 when it is too large
   * @throws Aborted when the client went away or was too slow
   */
  static byte[] read(InputStream in, long declared) {
    if (declared > MAX_BYTES) {
      throw new HttpError(413, "too_large", TOO_LARGE);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        if (out.size() > MAX_BYTES) {
          throw new HttpError(413, "too_large", TOO_LARGE);
        }
      }
    } catch (IOException e) {
      if (ServerLimits.isClientAbort(e)) {
        throw new Aborted(ServerLimits.abortReason(e));
      }
      throw new Aborted("reading the body failed: " + e.getClass().getSimpleName());
    }
    return out.toByteArray();
  }

  /**
   * Parses a body that must be a JSON object into {@code type}.
   *
   * @param shape what the object holds, for the message: {@code {"id", "action", "scope", ...}}
   * @throws HttpError 400 naming what is wrong, in words for people
   */
  static <T> T object(byte[] body, Class<T> type, String shape) {
    JsonNode tree;
    try {
      tree = body.length == 0 ? null : AgentJson.strict().readTree(body);
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "bad_request", JsonProblems.describe(e));
    } catch (IOException e) {
      throw new HttpError(400, "bad_request", "the body could not be read as JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw new HttpError(
          400,
          "bad_request",
          "the body must be a JSON object "
              + shape
              + ", was "
              + (tree == null || tree.isMissingNode() ? "empty" : kind(tree)));
    }
    try {
      return AgentJson.strict().treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "bad_request", JsonProblems.describe(e));
    }
  }

  private static String kind(JsonNode n) {
    if (n.isNull()) {
      return "null";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isTextual()) {
      return "a string";
    }
    if (n.isNumber()) {
      return "a number";
    }
    if (n.isBoolean()) {
      return "true or false";
    }
    return "something else";
  }
}
