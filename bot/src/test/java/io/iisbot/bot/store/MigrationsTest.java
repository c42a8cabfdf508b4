package io.iisbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class MigrationsTest {

  @Test
  void statements_splitAtLineEndingSemicolons_andSkipComments() {
    String script =
        "-- a comment; with a semicolon\n"
            + "CREATE TABLE a (\n  x TEXT DEFAULT 'a;b'\n);\n\n"
            + "CREATE INDEX a_x ON a (x);\r\n"
            + "DROP TABLE b";

    assertThat(Migrations.statements(script))
        .containsExactly(
            "CREATE TABLE a (\n  x TEXT DEFAULT 'a;b'\n)",
            "CREATE INDEX a_x ON a (x)",
            "DROP TABLE b");
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void everyDialect_hasEveryMigration(Dialect dialect) {
    for (String name : Migrations.NAMES) {
      String path = "migrations/" + dialect.resourceDir() + "/" + name;
      assertThat(Migrations.class.getResource(path)).as(path).isNotNull();
    }
  }
}
