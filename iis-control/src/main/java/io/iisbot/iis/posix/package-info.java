/** What the bot and the agent need from a POSIX system that Java does not offer: {@code execve}. */
package io.iisbot.iis.posix;
