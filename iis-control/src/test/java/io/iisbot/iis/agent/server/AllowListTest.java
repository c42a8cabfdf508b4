package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class AllowListTest {

  @ParameterizedTest
  @CsvSource({
    "*, Api, true",
    "Api, api, true",
    "Api*, Api-v2, true",
    "Api*, Reports, false",
    "Api, Api-v2, false",
    "'', Api, false"
  })
  void matches_patternAndName(String pattern, String name, boolean expected) {
    assertThat(AllowList.matches(List.of(pattern), name)).isEqualTo(expected);
  }
}
