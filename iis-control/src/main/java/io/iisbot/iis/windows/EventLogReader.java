package io.iisbot.iis.windows;

import java.util.List;

/** Reads rendered event XML from one channel of the Event Log. */
interface EventLogReader {

  /**
   * The events matching an XPath query, newest first, at most {@code max}; each as the XML that
   * {@code EvtRender(EvtRenderEventXml)} produces.
   */
  List<String> query(String channel, String xpath, int max);
}
