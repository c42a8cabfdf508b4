package io.iisbot.bot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.iisbot.adapters.archfixture.ReachesIntoJna;
import io.iisbot.iis.archfixture.ReachesIntoBot;
import io.iisbot.iis.archfixture.ReachesIntoConfig;
import io.iisbot.iis.archfixture.ReachesIntoSlack;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rule of DESIGN §1, checked on the compiled classes of every module. */
final class ArchitectureTest {

  /** The configuration may use iis-control (one secret-strength rule for agent and bot). */
  static final ArchRule CONFIG_USES_ONLY_IIS_CONTROL =
      noClasses()
          .that()
          .resideInAPackage("io.iisbot.config..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.iisbot.adapters..", "io.iisbot.bot..");

  static final ArchRule IIS_CONTROL_STANDS_ALONE =
      noClasses()
          .that()
          .resideInAPackage("io.iisbot.iis..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.iisbot.config..",
              "io.iisbot.adapters..",
              "io.iisbot.bot..",
              "com.slack..",
              "net.dv8tion..");

  static final ArchRule ADAPTERS_ONLY_USE_CONFIG =
      noClasses()
          .that()
          .resideInAPackage("io.iisbot.adapters..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.iisbot.iis..", "io.iisbot.bot..");

  static final ArchRule ONLY_IIS_CONTROL_USES_JNA =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.iisbot.iis..", "com.sun.jna..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.sun.jna..");

  static final ArchRule ONLY_ADAPTERS_USE_CHAT_SDKS =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.iisbot.adapters..", "com.slack..", "net.dv8tion..")
          .and()
          .resideInAPackage("io.iisbot..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.slack..", "net.dv8tion..");

  static final ArchRule NO_CYCLES_BETWEEN_PACKAGES =
      slices().matching("io.iisbot.(**)").should().beFreeOfCycles();

  static final List<ArchRule> RULES =
      List.of(
          CONFIG_USES_ONLY_IIS_CONTROL,
          IIS_CONTROL_STANDS_ALONE,
          ADAPTERS_ONLY_USE_CONFIG,
          ONLY_IIS_CONTROL_USES_JNA,
          ONLY_ADAPTERS_USE_CHAT_SDKS);

  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.iisbot");
  }

  @Test
  void modules_dependOnlyWhereDesignAllows() {
    RULES.forEach(rule -> rule.check(production));
  }

  @Test
  void packages_haveNoCycles() {
    NO_CYCLES_BETWEEN_PACKAGES.check(production);
  }

  @Test
  void production_importsEveryModule() {
    for (String pkg :
        List.of("io.iisbot.config", "io.iisbot.iis", "io.iisbot.adapters.chat", "io.iisbot.bot")) {
      org.assertj.core.api.Assertions.assertThat(production.containPackage(pkg))
          .as("classes of %s were imported", pkg)
          .isTrue();
    }
  }

  @Test
  void iisControl_reachingIntoBot_isCaught() {
    JavaClasses bad = new ClassFileImporter().importClasses(ReachesIntoBot.class);
    assertThatThrownBy(() -> IIS_CONTROL_STANDS_ALONE.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ReachesIntoBot");
  }

  @Test
  void iisControl_reachingIntoConfig_isCaught() {
    JavaClasses bad = new ClassFileImporter().importClasses(ReachesIntoConfig.class);
    assertThatThrownBy(() -> IIS_CONTROL_STANDS_ALONE.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ReachesIntoConfig");
  }

  @Test
  void iisControl_importingChatSdk_isCaught() {
    JavaClasses bad = new ClassFileImporter().importClasses(ReachesIntoSlack.class);
    assertThatThrownBy(() -> ONLY_ADAPTERS_USE_CHAT_SDKS.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ReachesIntoSlack");
  }

  @Test
  void adapters_importingJna_isCaught() {
    JavaClasses bad = new ClassFileImporter().importClasses(ReachesIntoJna.class);
    assertThatThrownBy(() -> ONLY_IIS_CONTROL_USES_JNA.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ReachesIntoJna");
  }
}
