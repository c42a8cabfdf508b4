/**
 * The real IIS backend for Windows Server: the SCM through JNA, app pools, sites, workers and
 * requests through {@code appcmd.exe}, the Event Log through Wevtapi, {@code w3wp.exe} processes
 * through a Toolhelp snapshot. Every Win32 or HRESULT failure becomes an {@link
 * io.iisbot.iis.IisException} with an operator's hint. Needs an elevated process.
 */
package io.iisbot.iis.windows;
