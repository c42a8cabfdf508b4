package io.iisbot.adapters.teams.manifest;

import io.iisbot.adapters.chat.PlatformTool;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar iisbot.jar teams-manifest --out iisbot-teams.zip}: writes Teams' app package for
 * this bot. The app id comes from {@code --app-id}, else the configuration's {@code teams.appId},
 * else {@code TEAMS_APP_ID}; the valid domain from {@code --domain}, else the host of {@code
 * server.publicUrl}.
 */
public final class TeamsManifestTool implements PlatformTool {

  static final String NAME = "teams-manifest";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String usage() {
    return NAME
        + " --out iisbot-teams.zip [--config iisbot.yaml] [--app-id GUID] [--domain HOST]"
        + "   (Teams' app package, to upload)";
  }

  @Override
  public void run(List<String> args, Context context) {
    String out = null;
    String appId = null;
    List<String> domains = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--out" -> out = value(args, ++i, a);
        case "--app-id" -> appId = value(args, ++i, a);
        case "--domain" -> domains.add(value(args, ++i, a));
        default -> throw new IllegalArgumentException("unknown argument \"" + a + "\"");
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--out is needed: where to write the package");
    }
    if (appId == null) {
      appId =
          context
              .config()
              .flatMap(c -> c.teams())
              .map(t -> t.appId())
              .orElse(context.env().get("TEAMS_APP_ID"));
    }
    if (appId == null || appId.isBlank()) {
      throw new CannotRun(
          "no app id: give --app-id, set teams.appId in the configuration, or set TEAMS_APP_ID, to"
              + " the bot's Microsoft App ID (Azure"
              + " Bot resource → Configuration, or Teams Developer Portal → Tools → Bot management)");
    }
    if (domains.isEmpty()) {
      context
          .config()
          .flatMap(c -> c.server().publicUrl())
          .map(java.net.URI::getHost)
          .ifPresent(domains::add);
    }
    byte[] zip;
    try {
      zip =
          TeamsManifest.zip(
              TeamsManifest.Template.fromJar(), appId.strip(), domains, context.commands());
    } catch (IllegalArgumentException e) {
      throw new CannotRun(e.getMessage());
    }
    Path file = Path.of(out);
    try {
      Files.write(file, zip);
    } catch (NoSuchFileException e) {
      throw new CannotRun("cannot write " + out + ": its directory does not exist");
    } catch (AccessDeniedException e) {
      throw new CannotRun("cannot write " + out + ": permission denied");
    } catch (IOException e) {
      throw new CannotRun(
          "cannot write " + out + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
    context
        .out()
        .println(
            "wrote "
                + out
                + ": the Teams app package for bot "
                + appId.strip()
                + "; upload it in Teams (Apps → Manage your apps → Upload an app)");
  }

  private static String value(List<String> args, int i, String flag) {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args.get(i);
  }
}
