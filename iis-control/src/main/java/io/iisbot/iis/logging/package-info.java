/**
 * How the two runnable jars log: SLF4J into Logback, one line per record or one JSON object, the
 * operation id from the MDC, libraries quiet below WARN. Only the runnable jars bring Logback and
 * jul-to-slf4j; a dependant of the library calls nothing here but {@link
 * io.iisbot.iis.logging.OperationMdc} and {@link io.iisbot.iis.logging.LogFormat}.
 */
package io.iisbot.iis.logging;
