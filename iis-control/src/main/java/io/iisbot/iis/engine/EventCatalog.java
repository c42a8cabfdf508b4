package io.iisbot.iis.engine;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the IIS-related events mean, in words an operator can act on. */
public final class EventCatalog {

  public static final String SCM = "Service Control Manager";
  public static final String WAS = "Microsoft-Windows-WAS";
  public static final String W3SVC = "Microsoft-Windows-IIS-W3SVC";
  public static final String W3SVC_WP = "Microsoft-Windows-IIS-W3SVC-WP";
  public static final String ANCM = "IIS AspNetCore Module V2";

  /** The providers whose events belong in an IIS operation's summary. */
  public static final Set<String> PROVIDERS = Set.of(SCM, WAS, W3SVC, W3SVC_WP, ANCM);

  private static final Map<String, String> MEANINGS =
      Map.ofEntries(
          Map.entry(SCM + "/7036", "a service entered a new state"),
          Map.entry(SCM + "/7031", "a service terminated unexpectedly; a recovery action ran"),
          Map.entry(SCM + "/7034", "a service terminated unexpectedly"),
          Map.entry(SCM + "/7009", "the SCM timed out waiting for a service to connect"),
          Map.entry(SCM + "/7011", "the SCM timed out waiting for a service to answer a control"),
          Map.entry(SCM + "/7000", "a service failed to start"),
          Map.entry(SCM + "/7023", "a service terminated with an error"),
          Map.entry(SCM + "/7024", "a service terminated with a service-specific error"),
          Map.entry(SCM + "/7043", "a service did not shut down properly after preshutdown"),
          Map.entry(WAS + "/5002", "an app pool was disabled by rapid-fail protection"),
          Map.entry(WAS + "/5009", "a worker process crashed"),
          Map.entry(WAS + "/5010", "a worker process failed to answer a ping"),
          Map.entry(WAS + "/5011", "a worker process had a fatal communication error with WAS"),
          Map.entry(WAS + "/5012", "a worker process exceeded its startup time limit"),
          Map.entry(
              WAS + "/5013",
              "a worker process was killed after exceeding shutdownTimeLimit; its requests were cut"),
          Map.entry(WAS + "/5074", "a worker was recycled on its periodic schedule"),
          Map.entry(WAS + "/5075", "a worker was recycled after its request limit"),
          Map.entry(WAS + "/5076", "a worker was recycled on a scheduled time"),
          Map.entry(WAS + "/5077", "a worker was recycled after its virtual memory limit"),
          Map.entry(
              WAS + "/5078", "a worker was recycled after an ISAPI reported itself unhealthy"),
          Map.entry(WAS + "/5079", "a worker was recycled on an administrator's request"),
          Map.entry(WAS + "/5080", "a worker was recycled after a configuration change"),
          Map.entry(WAS + "/5081", "a worker was recycled after its private memory limit"),
          Map.entry(WAS + "/5117", "a worker asked to be recycled after its private bytes limit"),
          Map.entry(WAS + "/5186", "an idle worker process was shut down (idleTimeout)"),
          Map.entry(WAS + "/5138", "a listener channel failed to stop"),
          Map.entry(WAS + "/5139", "a listener channel reported a failure"),
          Map.entry(W3SVC + "/1026", "http.sys could not be configured for a site"),
          Map.entry(W3SVC + "/1027", "a site's binding could not be registered with http.sys"),
          Map.entry(W3SVC + "/1084", "an app pool's identity could not be used"),
          Map.entry(W3SVC + "/1089", "an app pool could not be made available"),
          Map.entry(W3SVC_WP + "/2297", "a worker module reported an error"),
          Map.entry(W3SVC_WP + "/2299", "an application reported itself unhealthy"),
          Map.entry(ANCM + "/1010", "an ASP.NET Core application failed to start"));

  private EventCatalog() {}

  /** The meaning of a known event, e.g. WAS 5013. */
  public static Optional<String> meaning(String provider, int id) {
    return Optional.ofNullable(MEANINGS.get(provider + "/" + id));
  }

  public static boolean isIisProvider(String provider) {
    return PROVIDERS.contains(provider);
  }
}
