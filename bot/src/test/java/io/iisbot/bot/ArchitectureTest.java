package io.iisbot.bot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.all;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.iisbot.adapters.archfixture.ReachesIntoJna;
import io.iisbot.adapters.slack.archfixture.UsesJda;
import io.iisbot.bot.archfixture.NamesSlack;
import io.iisbot.iis.archfixture.ReachesIntoBot;
import io.iisbot.iis.archfixture.ReachesIntoConfig;
import io.iisbot.iis.archfixture.ReachesIntoSlack;
import java.util.List;
import java.util.stream.Collectors;
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

  /** Bolt stays in the Slack module. */
  static final ArchRule SLACK_SDK_ONLY_IN_SLACK =
      noClasses()
          .that()
          .resideInAPackage("io.iisbot..")
          .and()
          .resideOutsideOfPackage("io.iisbot.adapters.slack..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.slack..");

  /** JDA stays in the Discord module. */
  static final ArchRule JDA_ONLY_IN_DISCORD =
      noClasses()
          .that()
          .resideInAPackage("io.iisbot..")
          .and()
          .resideOutsideOfPackage("io.iisbot.adapters.discord..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("net.dv8tion..");

  /**
   * The core compiles against the SDK-free contract only: it names no platform, and no platform
   * names another (a new platform is one module).
   */
  static final ArchRule CORE_SEES_ONLY_THE_CHAT_CONTRACT =
      noClasses()
          .that()
          .resideInAnyPackage("io.iisbot.bot..", "io.iisbot.adapters.chat..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.iisbot.adapters.console..",
              "io.iisbot.adapters.slack..",
              "io.iisbot.adapters.discord..",
              "io.iisbot.adapters.teams..");

  static final ArchRule PLATFORMS_STAND_APART =
      slices()
          .matching("io.iisbot.adapters.(*)..")
          .should()
          .notDependOnEachOther()
          .ignoreDependency(
              com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
              com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                  "io.iisbot.adapters.chat.."));

  static final ArchRule NO_CYCLES_BETWEEN_PACKAGES =
      slices().matching("io.iisbot.(**)").should().beFreeOfCycles();

  /**
   * What a command does lives in its {@link io.iisbot.bot.command.Command}: code elsewhere that
   * asks a command's name is choosing behaviour by verb, which compiles when a command is added and
   * then answers "not available yet". The grammar package (parser, help, registry) reads names to
   * do its work.
   */
  static final ArchRule NO_VERB_SWITCH_OUTSIDE_A_COMMAND =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.iisbot.bot.command..")
          .should()
          .callMethod(io.iisbot.bot.command.CommandSpec.class, "name")
          .because("a command's behaviour is its handler's, registered once");

  /**
   * Names that stand for one type across the modules: a second top-level class with one of them is
   * a copy that will drift from the first (two duration syntaxes, two host patterns). Add a name
   * here once its duplicates are gone.
   */
  static final List<String> ONE_CLASS_EACH = List.of("Durations", "HostPattern", "Action");

  static final ArchRule ONE_CLASS_PER_SHARED_NAME =
      all(topLevelClassesBySimpleName(ONE_CLASS_EACH))
          .should(beOneClass())
          .because(
              "one type means one syntax, used by the configuration, the grammar and the"
                  + " policies alike");

  /** The top-level classes of {@code io.iisbot} with one of these simple names, by name. */
  record SameName(String simpleName, List<JavaClass> classes) {
    @Override
    public String toString() {
      return "classes named " + simpleName;
    }
  }

  static AbstractClassesTransformer<SameName> topLevelClassesBySimpleName(List<String> names) {
    return new AbstractClassesTransformer<>("top-level classes named " + names) {
      @Override
      public Iterable<SameName> doTransform(JavaClasses classes) {
        return classes.stream()
            .filter(JavaClass::isTopLevelClass)
            .filter(c -> c.getPackageName().startsWith("io.iisbot"))
            .filter(c -> names.contains(c.getSimpleName()))
            .collect(Collectors.groupingBy(JavaClass::getSimpleName))
            .entrySet()
            .stream()
            .map(e -> new SameName(e.getKey(), e.getValue()))
            .toList();
      }
    };
  }

  static ArchCondition<SameName> beOneClass() {
    return new ArchCondition<>("be one class") {
      @Override
      public void check(SameName group, ConditionEvents events) {
        if (group.classes().size() > 1) {
          events.add(
              SimpleConditionEvent.violated(
                  group,
                  group.classes().size()
                      + " classes are named "
                      + group.simpleName()
                      + ": "
                      + group.classes().stream()
                          .map(JavaClass::getName)
                          .sorted()
                          .collect(Collectors.joining(", "))));
        }
      }
    };
  }

  static final List<ArchRule> RULES =
      List.of(
          CONFIG_USES_ONLY_IIS_CONTROL,
          IIS_CONTROL_STANDS_ALONE,
          ADAPTERS_ONLY_USE_CONFIG,
          ONLY_IIS_CONTROL_USES_JNA,
          SLACK_SDK_ONLY_IN_SLACK,
          JDA_ONLY_IN_DISCORD,
          CORE_SEES_ONLY_THE_CHAT_CONTRACT,
          PLATFORMS_STAND_APART,
          NO_VERB_SWITCH_OUTSIDE_A_COMMAND);

  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The platforms' stand-ins come in test jars, which the option above cannot tell.
            .withImportOption(location -> !location.contains("-tests.jar"))
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
  void sharedTypes_haveOneClassEach() {
    ONE_CLASS_PER_SHARED_NAME.check(production);
    // A name no class has would make the rule pass without checking anything: a typo in the list.
    for (String name : ONE_CLASS_EACH) {
      org.assertj.core.api.Assertions.assertThat(
              production.stream()
                  .filter(c -> c.isTopLevelClass() && c.getSimpleName().equals(name))
                  .count())
          .as("top-level classes named %s", name)
          .isEqualTo(1);
    }
  }

  @Test
  void switchOverVerbs_outsideACommand_isCaught() {
    JavaClasses bad =
        new ClassFileImporter().importClasses(io.iisbot.bot.archfixture.SwitchesOnVerbs.class);
    assertThatThrownBy(() -> NO_VERB_SWITCH_OUTSIDE_A_COMMAND.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SwitchesOnVerbs");
  }

  @Test
  void secondDurations_isCaught() {
    JavaClasses bad =
        new ClassFileImporter()
            .importClasses(
                io.iisbot.iis.Durations.class,
                io.iisbot.bot.archfixture.Durations.class,
                io.iisbot.config.HostPattern.class);
    assertThatThrownBy(() -> ONE_CLASS_PER_SHARED_NAME.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "2 classes are named Durations: io.iisbot.bot.archfixture.Durations,"
                + " io.iisbot.iis.Durations")
        .hasMessageNotContaining("named HostPattern:");
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
    assertThatThrownBy(() -> SLACK_SDK_ONLY_IN_SLACK.check(bad))
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

  @Test
  void core_namingAPlatform_isCaught() {
    JavaClasses bad = new ClassFileImporter().importClasses(NamesSlack.class);
    assertThatThrownBy(() -> CORE_SEES_ONLY_THE_CHAT_CONTRACT.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("NamesSlack");
  }

  @Test
  void platform_namingAnother_isCaught() {
    JavaClasses bad =
        new ClassFileImporter()
            .importClasses(
                io.iisbot.adapters.discord.archfixture.ReachesIntoSlackAdapter.class,
                io.iisbot.adapters.slack.SlackAdapter.class);
    assertThatThrownBy(() -> PLATFORMS_STAND_APART.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ReachesIntoSlackAdapter");
  }

  @Test
  void jdaOutsideDiscord_isCaught() {
    JavaClasses bad = new ClassFileImporter().importClasses(UsesJda.class);
    assertThatThrownBy(() -> JDA_ONLY_IN_DISCORD.check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("UsesJda");
  }
}
