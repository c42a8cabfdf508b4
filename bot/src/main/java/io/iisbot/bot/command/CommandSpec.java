package io.iisbot.bot.command;

import io.iisbot.iis.engine.Action;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One command as declared in the {@link CommandRegistry}: what help shows, what Discord registers
 * and what the parser accepts all come from here.
 *
 * @param name the verb, lower case: {@code stop}
 * @param usage the usage line without the command name: {@code stop <target> [site:NAME |
 *     pool:NAME] [--drain 90s]}; see {@link #usage(String)}
 * @param summary one line for the command list
 * @param kind whether it reads, changes IIS, or concerns the caller's session
 * @param action the engine action of a {@link Kind#CHANGE} command, {@code null} for the others
 * @param destructive whether it interrupts service (requests may fail or state is lost)
 * @param target whether it takes a {@code <target>}
 * @param scopes which of {@code site:} and {@code pool:} it accepts
 * @param scopeRequired whether one of {@code scopes} must be given ({@code recycle pool:NAME})
 * @param options the {@code --options} it accepts, in usage order
 */
public record CommandSpec(
    String name,
    String usage,
    String summary,
    Kind kind,
    Action action,
    boolean destructive,
    TargetRule target,
    Set<ScopeKind> scopes,
    boolean scopeRequired,
    List<OptionSpec> options) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

  /** What a command does, for permissions and confirmation. */
  public enum Kind {
    /** Shows something; changes nothing. */
    READ,
    /** Changes the state of IIS; asks for confirmation. */
    CHANGE,
    /** Concerns the caller's own session, such as a console sign-in link. */
    SESSION
  }

  /** Whether a command takes a {@code <target>}. */
  public enum TargetRule {
    REQUIRED,
    OPTIONAL,
    NONE
  }

  /** A part of a host a command can be narrowed to. */
  public enum ScopeKind {
    SITE("site:"),
    POOL("pool:");

    private final String prefix;

    ScopeKind(String prefix) {
      this.prefix = prefix;
    }

    /** As typed before the name: {@code site:}. */
    public String prefix() {
      return prefix;
    }
  }

  public CommandSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    scopes = Set.copyOf(scopes);
    options = List.copyOf(options);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a command name is lower-case letters, was " + name);
    }
    if (!(usage.equals(name) || usage.startsWith(name + " "))) {
      throw new IllegalArgumentException("the usage of " + name + " must start with it: " + usage);
    }
    if (summary.isBlank()) {
      throw new IllegalArgumentException(name + " needs a summary");
    }
    if ((kind == Kind.CHANGE) != (action != null)) {
      throw new IllegalArgumentException(name + ": a CHANGE command, and only one, has an action");
    }
    if (action != null && !action.verb().equals(name)) {
      throw new IllegalArgumentException(name + " is declared with action " + action.verb());
    }
    if (scopeRequired && scopes.isEmpty()) {
      throw new IllegalArgumentException(name + " requires a scope but accepts none");
    }
    Set<String> seen = new HashSet<>();
    for (OptionSpec o : options) {
      if (!seen.add(o.name())) {
        throw new IllegalArgumentException(name + " declares --" + o.name() + " twice");
      }
    }
  }

  /** The usage line with the configured command name: {@code /iis stop <target> ...}. */
  public String usage(String commandName) {
    return commandName.isEmpty() ? usage : commandName + " " + usage;
  }

  /** The option of that name (without dashes, lower case), if this command accepts it. */
  public Optional<OptionSpec> option(String optionName) {
    return options.stream().filter(o -> o.name().equals(optionName)).findFirst();
  }

  /** The engine action of a state-changing command. */
  public Optional<Action> engineAction() {
    return Optional.ofNullable(action);
  }
}
