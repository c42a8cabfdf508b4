/**
 * The neutral chat model every platform adapter translates to and from: commands and button clicks
 * coming in, messages (with buttons) going out, identities that are platform-qualified ids.
 */
package io.iisbot.adapters.chat;
