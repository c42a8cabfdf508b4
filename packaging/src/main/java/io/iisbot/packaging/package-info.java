/** The release build: a trimmed Java runtime, the runnable jars and their launchers, archived. */
package io.iisbot.packaging;
