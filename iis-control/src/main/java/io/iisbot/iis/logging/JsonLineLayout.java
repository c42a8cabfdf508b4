package io.iisbot.iis.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One JSON object per record, on one line, for log shippers:
 *
 * <pre>{@code
 * {"time":"2026-01-05T09:00:04.554Z","level":"INFO","logger":"io.iisbot.bot.fleet.RollingRun",
 *  "operation":"op-20260105-090000-29736d-web03","thread":"iisbot-run-1",
 *  "message":"ended SUCCEEDED in 4.554s"}
 * }</pre>
 *
 * {@code operation} is there only when the record belongs to one, {@code exception} (the stack
 * trace as text) only when it carries one. Thread-safe.
 */
final class JsonLineLayout extends LayoutBase<ILoggingEvent> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String doLayout(ILoggingEvent e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("time", Instant.ofEpochMilli(e.getTimeStamp()).toString());
    o.put("level", e.getLevel().toString());
    o.put("logger", e.getLoggerName());
    String operation = e.getMDCPropertyMap().get(OperationMdc.KEY);
    if (operation != null) {
      o.put("operation", operation);
    }
    o.put("thread", e.getThreadName());
    o.put("message", e.getFormattedMessage());
    IThrowableProxy thrown = e.getThrowableProxy();
    if (thrown != null) {
      o.put("exception", ThrowableProxyUtil.asString(thrown));
    }
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
