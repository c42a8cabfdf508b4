package io.iisbot.bot.command;

import io.iisbot.bot.command.CommandSpec.ScopeKind;
import io.iisbot.bot.command.CommandSpec.TargetRule;
import io.iisbot.bot.command.OptionSpec.ValueType;
import io.iisbot.bot.command.Tokenizer.Token;
import io.iisbot.iis.EventLevel;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Scope;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Turns a typed line into a {@link ParsedCommand}: {@code /iis stop web01 site:"Default Web Site"
 * --drain 30s --reason "deploy"}, with or without the command name. Verbs, option names and {@code
 * site:}/{@code pool:} are case-insensitive; names of sites and pools keep their case.
 *
 * <p>Immutable and thread-safe.
 */
public final class CommandParser {

  /** Longer input is refused unread: no command needs it, and it would be echoed in errors. */
  public static final int MAX_LENGTH = 500;

  static final int MAX_SCOPE_NAME = 128;
  // IIS Manager refuses these in site and app pool names.
  private static final String NOT_IN_IIS_NAMES = "\\/?;:@&=+$,|\"<>*";
  // IIS takes these, but the agent refuses them before appcmd and the Event Log's XPath: an
  // apostrophe closes an XPath string, % expands a variable, brackets open XPath predicates and
  // a backtick escapes in PowerShell. Said here, at once, rather than by the agent after a prompt.
  private static final String NOT_SAFE_ON_WINDOWS = "'%[]`";

  private final CommandRegistry registry;
  private final String commandName;

  /**
   * @param commandName what users type before the verb, such as {@code /iis}; may be typed or left
   *     out
   */
  public CommandParser(CommandRegistry registry, String commandName) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.commandName = Objects.requireNonNull(commandName, "commandName").strip();
    if (this.commandName.isEmpty() || this.commandName.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a command name is one word, was \"" + commandName + "\"");
    }
  }

  /** The configured command name. */
  public String commandName() {
    return commandName;
  }

  /**
   * Parses one line. An empty line, or the command name alone, is {@code help}.
   *
   * @throws UsageException saying what was wrong, with the usage line to show
   */
  public ParsedCommand parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_LENGTH) {
      throw new UsageException(
          "the command is "
              + text.length()
              + " characters long; the limit is "
              + MAX_LENGTH
              + " characters",
          commandList());
    }
    refuseHidden(text);
    String rest = text.strip();
    String first = firstWord(rest);
    if (isCommandName(first)) {
      rest = rest.substring(first.length()).strip();
      first = firstWord(rest);
    }
    if (first.isEmpty() || first.equalsIgnoreCase("--help")) {
      return new Builder(helpSpec()).build();
    }
    String verb = first;
    CommandSpec spec = registry.find(verb).orElseThrow(() -> unknownCommand(verb));
    List<Token> tokens;
    try {
      tokens = Tokenizer.split(rest.substring(verb.length()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), spec.usage(commandName));
    }
    return new Run(spec, tokens).parse();
  }

  private void refuseHidden(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (Texts.isHidden(cp)) {
        throw new UsageException(
            "the character "
                + Texts.escape(new String(Character.toChars(cp)))
                + " at position "
                + (i + 1)
                + " is not allowed: a command is one line of visible text",
            commandList());
      }
      i += Character.charCount(cp);
    }
  }

  private static String firstWord(String s) {
    int i = 0;
    while (i < s.length() && !Tokenizer.isSpace(s.codePointAt(i))) {
      i += Character.charCount(s.codePointAt(i));
    }
    return s.substring(0, i);
  }

  private boolean isCommandName(String word) {
    String bare = commandName.startsWith("/") ? commandName.substring(1) : commandName;
    return word.equalsIgnoreCase(commandName) || word.equalsIgnoreCase(bare);
  }

  private CommandSpec helpSpec() {
    return registry
        .find(CommandRegistry.HELP)
        .orElseThrow(() -> new IllegalStateException("the registry has no help command"));
  }

  private String commandList() {
    return registry.all().stream().map(c -> c.usage(commandName)).collect(Collectors.joining("\n"));
  }

  private UsageException unknownCommand(String word) {
    StringBuilder m = new StringBuilder("unknown command ").append(Texts.quote(word));
    String foreign = Texts.firstNonAscii(word);
    if (foreign != null) {
      m.append(" (it holds ").append(foreign).append(')');
    }
    String near = Texts.closest(word, registry.names());
    m.append(near != null ? " — did you mean " + near + "?" : "; see " + commandName + " help");
    return new UsageException(m.toString(), commandList());
  }

  /** The state of parsing one line. */
  private final class Run {
    private final CommandSpec spec;
    private final List<Token> tokens;
    private final String usage;
    private final Builder out;
    private final Map<String, Object> given = new HashMap<>();
    private String targetText;
    private boolean targetQuoted;
    private ScopeKind scopeKind;
    private String scopeName;
    private String lastBareText;

    Run(CommandSpec spec, List<Token> tokens) {
      this.spec = spec;
      this.tokens = tokens;
      this.usage = spec.usage(commandName);
      this.out = new Builder(spec);
    }

    ParsedCommand parse() {
      for (Token t : tokens) {
        String body = optionBody(t);
        if (body != null && body.equalsIgnoreCase("help")) {
          out.spec = helpSpec();
          out.helpTopic = spec.name();
          return out.build();
        }
      }
      for (int i = 0; i < tokens.size(); i++) {
        Token t = tokens.get(i);
        String lastText = lastBareText;
        lastBareText = null;
        String option = optionBody(t);
        if (option != null) {
          i = option(option, i);
          continue;
        }
        ScopeKind kind = scopeKind(t);
        if (kind != null) {
          scope(kind, t.text().substring(kind.prefix().length()));
        } else {
          i = positional(i, lastText);
        }
      }
      finish();
      try {
        return out.build();
      } catch (IllegalArgumentException e) {
        throw fail(e.getMessage());
      }
    }

    private UsageException fail(String message) {
      return new UsageException(message, usage);
    }

    private <T> T checked(java.util.function.Supplier<T> read) {
      try {
        return read.get();
      } catch (IllegalArgumentException e) {
        throw fail(e.getMessage());
      }
    }

    /** The option text after its dashes ({@code drain=90s}), or null if this is no option. */
    private String optionBody(Token t) {
      String s = t.text();
      for (String dashes : new String[] {"--", "—", "–"}) {
        // Phones turn -- into an em or en dash.
        if (s.startsWith(dashes) && t.bareUpTo(dashes.length())) {
          return s.substring(dashes.length());
        }
      }
      return null;
    }

    private ScopeKind scopeKind(Token t) {
      for (ScopeKind k : ScopeKind.values()) {
        int n = k.prefix().length();
        if (t.text().regionMatches(true, 0, k.prefix(), 0, n) && t.bareUpTo(n)) {
          return k;
        }
      }
      return null;
    }

    private int option(String body, int at) {
      Token t = tokens.get(at);
      int eq = body.indexOf('=');
      boolean inline = eq >= 0 && t.bareUpTo(t.text().length() - body.length() + eq);
      String name = (inline ? body.substring(0, eq) : body).toLowerCase(Locale.ROOT);
      OptionSpec o = spec.option(name).orElseThrow(() -> unknownOption(name));
      if (given.containsKey(o.name())) {
        throw fail("--" + o.name() + " is given twice");
      }
      if (o.type() == ValueType.FLAG) {
        if (inline) {
          throw fail(
              "--" + o.name() + " takes no value, was " + Texts.quote(body.substring(eq + 1)));
        }
        given.put(o.name(), Boolean.TRUE);
        return at;
      }
      String value;
      int next = at;
      if (inline) {
        value = body.substring(eq + 1);
      } else {
        if (at + 1 >= tokens.size() || optionBody(tokens.get(at + 1)) != null) {
          throw fail("--" + o.name() + " needs a value, like " + o.display());
        }
        next = at + 1;
        value = tokens.get(next).text();
        if (o.type() == ValueType.TEXT && !tokens.get(next).quoted()) {
          lastBareText = o.name() + " " + value;
        }
      }
      given.put(o.name(), checked(() -> OptionValues.value(o, value)));
      return next;
    }

    private UsageException unknownOption(String name) {
      String shown = "--" + Texts.escape(name);
      if (registry.all().stream().anyMatch(c -> c.option(name).isPresent())) {
        return fail(spec.name() + " takes no " + shown);
      }
      String near = Texts.closest(name, spec.options().stream().map(OptionSpec::name).toList());
      if (near != null) {
        return fail("unknown option " + shown + " — did you mean --" + near + "?");
      }
      if (spec.options().isEmpty()) {
        return fail("unknown option " + shown + "; " + spec.name() + " takes no options");
      }
      return fail(
          "unknown option "
              + shown
              + "; "
              + spec.name()
              + " takes "
              + spec.options().stream()
                  .map(o -> "--" + o.name())
                  .collect(Collectors.joining(", ")));
    }

    private void scope(ScopeKind kind, String name) {
      String prefix = kind.prefix();
      if (!spec.scopes().contains(kind)) {
        if (spec.scopes().isEmpty()) {
          throw fail(spec.name() + " takes no site: or pool:");
        }
        throw fail(
            spec.name()
                + " takes "
                + spec.scopes().stream()
                    .map(k -> k.prefix() + "NAME")
                    .sorted()
                    .collect(Collectors.joining(" or "))
                + ", not "
                + prefix);
      }
      if (scopeKind == kind) {
        throw fail(prefix + " is given twice");
      }
      if (scopeKind != null) {
        throw fail("site: and pool: together; give one of them");
      }
      String n = name.strip();
      if (n.isEmpty()) {
        throw fail(
            prefix
                + " needs a name right after the colon, like "
                + prefix
                + "Default or "
                + prefix
                + "\"Default Web Site\"");
      }
      if (n.length() > MAX_SCOPE_NAME) {
        throw fail(
            "the name after " + prefix + " is longer than " + MAX_SCOPE_NAME + " characters");
      }
      for (int i = 0; i < n.length(); i++) {
        if (NOT_IN_IIS_NAMES.indexOf(n.charAt(i)) >= 0) {
          throw fail(
              prefix
                  + Texts.quote(n)
                  + " cannot be an IIS name: it holds "
                  + n.charAt(i)
                  + " (IIS names cannot hold "
                  + NOT_IN_IIS_NAMES.replace("", " ").strip()
                  + ")");
        }
        if (NOT_SAFE_ON_WINDOWS.indexOf(n.charAt(i)) >= 0) {
          throw fail(
              prefix
                  + Texts.quote(n)
                  + " cannot be used: it holds "
                  + n.charAt(i)
                  + ", which iisbot does not pass to Windows (nor "
                  + NOT_SAFE_ON_WINDOWS.replace("", " ").strip()
                  + "); rename the "
                  + (kind == ScopeKind.SITE ? "site" : "pool")
                  + " in IIS Manager to use it here");
        }
      }
      scopeKind = kind;
      scopeName = n;
    }

    private int positional(int at, String lastText) {
      Token t = tokens.get(at);
      if (spec.name().equals(CommandRegistry.HELP)) {
        if (out.helpTopic != null) {
          throw fail("help takes one command name, was also " + Texts.quote(t.text()));
        }
        out.helpTopic = t.text();
        return at;
      }
      if (spec.target() == TargetRule.NONE) {
        throw fail(spec.name() + " takes no target, was " + Texts.quote(t.text()));
      }
      if (targetText != null) {
        throw extraWord(t.text(), lastText);
      }
      StringBuilder b = new StringBuilder(t.text());
      targetQuoted = t.quoted();
      int i = at;
      // "web01, web02" as phones type it is one list.
      while (i + 1 < tokens.size()
          && !tokens.get(i + 1).quoted()
          && (b.toString().endsWith(",") || tokens.get(i + 1).text().startsWith(","))
          && optionBody(tokens.get(i + 1)) == null
          && scopeKind(tokens.get(i + 1)) == null) {
        b.append(tokens.get(++i).text());
      }
      targetText = b.toString();
      // Checked at once, so a bad first target is reported before what follows it.
      if (targetQuoted && targetText.isBlank()) {
        throw fail("the target is empty");
      }
      try {
        out.target = Target.parse(targetText);
      } catch (IllegalArgumentException e) {
        throw fail(e.getMessage());
      }
      return i;
    }

    private UsageException extraWord(String word, String lastText) {
      String shown = Texts.quote(word);
      if (lastText != null) {
        return fail(
            "unexpected "
                + shown
                + "; put text with spaces in quotes, like --"
                + Texts.escape(lastText.replaceFirst(" ", " \"") + " " + word + "\""));
      }
      if (word.chars().anyMatch(Tokenizer::isQuote)) {
        return fail(
            "unexpected "
                + shown
                + "; inside quoted text use the other kind of quote, like \"say 'hi' now\"");
      }
      return fail(
          "unexpected "
              + shown
              + " after the target "
              + Texts.escape(targetText)
              + "; name several hosts with commas, like web01,web02");
    }

    private void finish() {
      if (targetText == null && spec.target() == TargetRule.REQUIRED) {
        throw fail(
            spec.name()
                + " needs a target: a host (web01), a group (@web-prod), a pattern (web0*) or a"
                + " list (web01,web02)");
      }
      if (out.helpTopic != null && out.spec.name().equals(CommandRegistry.HELP)) {
        String topic = out.helpTopic;
        out.helpTopic =
            registry.find(topic).map(CommandSpec::name).orElseThrow(() -> unknownCommand(topic));
      }
      try {
        out.scope =
            scopeKind == null
                ? Scope.host()
                : scopeKind == ScopeKind.SITE
                    ? new Scope.Site(scopeName)
                    : new Scope.Pool(scopeName);
        Options options = Options.defaults();
        if (given.containsKey("drain")) {
          options = options.withDrain((Duration) given.get("drain"));
        }
        out.options =
            options
                .withForce(given.containsKey("force"))
                .withPersist(given.containsKey("persist"))
                .withAll(given.containsKey("all"));
        if (spec.action() != null) {
          new OperationRequest(spec.action(), out.scope, out.options);
        }
      } catch (IllegalArgumentException e) {
        throw fail(e.getMessage());
      }
      if (spec.scopeRequired() && scopeKind == null) {
        throw fail(
            spec.name()
                + " needs "
                + spec.scopes().stream()
                    .map(k -> k.prefix() + "NAME")
                    .sorted()
                    .collect(Collectors.joining(" or ")));
      }
      for (OptionSpec o : spec.options()) {
        if (!given.containsKey(o.name()) && o.defaultValue() != null) {
          given.put(o.name(), OptionValues.value(o, o.defaultValue()));
        }
      }
      out.batch = (Integer) given.getOrDefault("batch", ParsedCommand.DEFAULT_BATCH);
      out.limit = (Integer) given.getOrDefault("limit", ParsedCommand.DEFAULT_LIMIT);
      out.reason = (String) given.get("reason");
      out.since = (Duration) given.get("since");
      out.window = (Duration) given.get("for");
      String at = (String) given.get("at");
      out.at = at == null ? null : checked(() -> At.parse(at));
      out.pauseBetween = (Duration) given.get("pause-between");
      out.noLb = given.containsKey("no-lb");
      String level = (String) given.get("level");
      out.level = level == null ? null : EventLevel.valueOf(level.toUpperCase(Locale.ROOT));
      String action = (String) given.get("action");
      out.filter =
          new ParsedCommand.HistoryFilter(
              checked(() -> OptionValues.user((String) given.get("user"))),
              action == null ? null : Action.parse(action),
              (String) given.get("outcome"));
    }
  }

  /** Collects the fields of a {@link ParsedCommand}. */
  private static final class Builder {
    CommandSpec spec;
    Target target;
    Scope scope = Scope.host();
    Options options = Options.defaults();
    int batch = ParsedCommand.DEFAULT_BATCH;
    String reason;
    Duration since;
    EventLevel level;
    int limit = ParsedCommand.DEFAULT_LIMIT;
    ParsedCommand.HistoryFilter filter = ParsedCommand.HistoryFilter.none();
    String helpTopic;
    Duration window;
    At at;
    Duration pauseBetween;
    boolean noLb;

    Builder(CommandSpec spec) {
      this.spec = spec;
    }

    ParsedCommand build() {
      return new ParsedCommand(
          spec,
          target,
          scope,
          options,
          batch,
          reason,
          since,
          level,
          limit,
          filter,
          helpTopic,
          window,
          at,
          pauseBetween,
          noLb);
    }
  }
}
