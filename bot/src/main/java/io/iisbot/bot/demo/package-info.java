/** The demo that runs with no configuration: simulated hosts, real engine, in virtual time. */
package io.iisbot.bot.demo;
