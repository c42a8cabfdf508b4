/**
 * The commands of {@code /iis}, one class each: grammar and handler together. {@link
 * io.iisbot.bot.commands.StandardCommands} lists them in the order help shows; adding a command is
 * a class here and a line there.
 */
package io.iisbot.bot.commands;
