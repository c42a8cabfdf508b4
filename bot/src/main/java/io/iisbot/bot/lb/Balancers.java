package io.iisbot.bot.lb;

import io.iisbot.config.LoadBalancer;
import java.net.http.HttpClient;
import java.time.Duration;

/** Makes the {@link Balancer} a configured load balancer describes. */
public final class Balancers {

  private Balancers() {}

  public static Balancer of(LoadBalancer config) {
    if (config instanceof LoadBalancer.Haproxy h) {
      return new HaproxyBalancer(h);
    }
    return new HttpBalancer(
        (LoadBalancer.Http) config,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }
}
