/** Who may do what to which host: roles bound to identities, deny by default. */
package io.iisbot.bot.policy;
