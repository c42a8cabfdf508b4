package io.iisbot.iis.engine;

import io.iisbot.iis.ActiveRequest;
import java.util.Objects;

/** A request that was still running when its worker was killed, and why it was killed. */
public record CutRequest(ActiveRequest request, String reason) {

  public CutRequest {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(reason, "reason");
  }
}
