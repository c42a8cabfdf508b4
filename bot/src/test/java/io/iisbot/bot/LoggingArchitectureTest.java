package io.iisbot.bot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.iisbot.bot.archfixture.ConfiguresLogback;
import io.iisbot.bot.archfixture.LogsThroughJul;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One logging API and one place that knows the backend, checked on the compiled classes of every
 * module: code logs through SLF4J; Logback is set up only in iis-control's logging package and by
 * the agent's own appenders, which the runnable jars call.
 */
final class LoggingArchitectureTest {

  static final ArchRule LOGS_THROUGH_SLF4J =
      noClasses()
          .that()
          .resideInAPackage("io.iisbot..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.util.logging..");

  static final ArchRule LOGBACK_ONLY_WHERE_LOGGING_IS_SET_UP =
      noClasses()
          .that()
          .resideInAPackage("io.iisbot..")
          .and()
          .resideOutsideOfPackages("io.iisbot.iis.logging..", "io.iisbot.iis.agent.server..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("ch.qos.logback..");

  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.iisbot");
  }

  @Test
  void production_logsThroughSlf4jAndSetsUpLogbackInOnePlace() {
    LOGS_THROUGH_SLF4J.check(production);
    LOGBACK_ONLY_WHERE_LOGGING_IS_SET_UP.check(production);
  }

  @Test
  void julLogger_isCaught() {
    JavaClasses bad = new ClassFileImporter().importClasses(LogsThroughJul.class);
    assertThatThrownBy(() -> LOGS_THROUGH_SLF4J.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("LogsThroughJul");
  }

  @Test
  void logbackOutsideTheLoggingPackage_isCaught() {
    JavaClasses bad = new ClassFileImporter().importClasses(ConfiguresLogback.class);
    assertThatThrownBy(() -> LOGBACK_ONLY_WHERE_LOGGING_IS_SET_UP.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ConfiguresLogback");
  }
}
