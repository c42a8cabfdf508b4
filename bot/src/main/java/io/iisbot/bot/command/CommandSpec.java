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
 * @param open whether anyone may use it ({@code help}); otherwise a role must grant {@link
 *     #permission()}
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
    List<OptionSpec> options,
    boolean open) {

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
    if (open && kind == Kind.CHANGE) {
      throw new IllegalArgumentException(name + " changes IIS, so it cannot be open to all");
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

  /**
   * A command that only reads (or concerns the caller's session); change {@link Builder#kind} and
   * the rest as needed.
   */
  public static Builder builder(String name, String usage, String summary) {
    return new Builder(name, usage, summary);
  }

  /**
   * What a role must allow for someone to use this command: its name, the same word roles and
   * policies list under {@code actions:}. Empty for a command anyone may use.
   */
  public Optional<String> permission() {
    return open ? Optional.empty() : Optional.of(name);
  }

  /** Whether it changes the state of IIS, and so asks for confirmation first. */
  public boolean changesState() {
    return kind == Kind.CHANGE;
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

  /** Builds a {@link CommandSpec}; every setting not given keeps the reading command's default. */
  public static final class Builder {
    private final String name;
    private final String usage;
    private final String summary;
    private Kind kind = Kind.READ;
    private Action action;
    private boolean destructive;
    private TargetRule target = TargetRule.NONE;
    private Set<ScopeKind> scopes = Set.of();
    private boolean scopeRequired;
    private List<OptionSpec> options = List.of();
    private boolean open;

    private Builder(String name, String usage, String summary) {
      this.name = name;
      this.usage = usage;
      this.summary = summary;
    }

    /** A command that changes IIS through this engine action; its name is the action's verb. */
    public Builder changes(Action a, boolean interruptsService) {
      this.kind = Kind.CHANGE;
      this.action = a;
      this.destructive = interruptsService;
      return this;
    }

    /** A command about the caller's own session, such as a console sign-in link. */
    public Builder session() {
      this.kind = Kind.SESSION;
      return this;
    }

    public Builder target(TargetRule rule) {
      this.target = rule;
      return this;
    }

    /**
     * @param required whether one of them must be given
     */
    public Builder scopes(Set<ScopeKind> kinds, boolean required) {
      this.scopes = kinds;
      this.scopeRequired = required;
      return this;
    }

    public Builder options(OptionSpec... given) {
      this.options = List.of(given);
      return this;
    }

    /** Anyone may use it, whatever their roles. */
    public Builder openToAll() {
      this.open = true;
      return this;
    }

    public CommandSpec build() {
      return new CommandSpec(
          name,
          usage,
          summary,
          kind,
          action,
          destructive,
          target,
          scopes,
          scopeRequired,
          options,
          open);
    }
  }
}
