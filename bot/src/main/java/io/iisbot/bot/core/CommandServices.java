package io.iisbot.bot.core;

import io.iisbot.adapters.chat.SignInLinks;
import io.iisbot.bot.policy.Permissions;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the bot offers the handlers of its commands.
 *
 * @param commandName what users type before a command, such as {@code /iis}, for usage lines
 * @param hosts the inventory and each host's agent
 * @param permissions who may do what where
 * @param history the audit trail as each person may read it
 * @param prompts works a state-changing command out and opens its confirmation prompt
 * @param audit the audit trail to write to
 * @param clock the bot's clock
 * @param signIn issues console sign-in links, once a platform offers them; asked at each use
 * @param windows the open maintenance windows
 * @param schedules the scheduled operations
 * @param lost the operations whose agent stopped answering, which {@code release} frees
 * @param fanOut runs the calls of a command that asks many agents at once (e.g. {@code status
 *     @all}); handlers bound how many of their calls run at a time
 */
public record CommandServices(
    String commandName,
    HostDirectory hosts,
    Permissions permissions,
    HistoryReader history,
    Prompts prompts,
    Audit audit,
    Clock clock,
    Supplier<Optional<SignInLinks>> signIn,
    Windows windows,
    Schedules schedules,
    LostOperations lost,
    java.util.concurrent.Executor fanOut) {}
