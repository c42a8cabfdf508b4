/**
 * The chat command grammar: the registry of commands that help, Discord registration and the parser
 * all read, and the parser that turns a typed line into a validated {@link
 * io.iisbot.bot.command.ParsedCommand}.
 */
package io.iisbot.bot.command;
