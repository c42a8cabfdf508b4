package io.iisbot.bot.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code show stat}'s CSV, read by its header (HAProxy 2.6's first columns). */
final class StatCsvTest {

  private static final String CSV =
      """
      # pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,
      fe,FRONTEND,,,1,2,262132,5,0,0,0,0,0,,,,,OPEN,,
      web,web01,0,0,2,2,,4,0,0,,0,,0,0,0,0,UP,1,
      web,web02,0,0,0,1,,1,0,0,,0,,0,0,0,0,DRAIN,0,
      web,web03,0,0,0,0,,0,0,0,,0,,0,0,0,0,MAINT,1,
      web,web04,0,0,,0,,0,0,0,,0,,0,0,0,0,UP 1/2,1,
      web,BACKEND,0,0,2,2,26214,5,0,0,0,0,,0,0,0,0,UP,2,
      api,api01,0,0,0,0,,0,0,0,,0,,0,0,0,0,UP,1,
      """;

  @Test
  void parse_readsTheConfiguredBackendsServers() {
    List<Balancer.Backend> backends = HaproxyBalancer.StatCsv.parse(CSV, List.of("web"));

    assertThat(backends).hasSize(1);
    Balancer.Backend web = backends.get(0);
    assertThat(web.servers())
        .containsExactly(
            new Balancer.Server("web01", "UP", 2),
            new Balancer.Server("web02", "DRAIN", 0),
            new Balancer.Server("web03", "MAINT", 0),
            new Balancer.Server("web04", "UP 1/2", 0));
    assertThat(web.inService()).isEqualTo(2);
  }

  @Test
  void parse_somethingElse_saysWhatCame() {
    assertThatThrownBy(() -> HaproxyBalancer.StatCsv.parse("Permission denied\n", List.of("web")))
        .isInstanceOf(BalancerException.class)
        .hasMessage("unexpected answer to show stat: Permission denied");
  }
}
