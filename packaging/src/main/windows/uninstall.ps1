<#
.SYNOPSIS
Removes the iisbot agent service, its firewall rule and its program files.

.DESCRIPTION
Stops and deletes the service (iisbot-agent.jar remove), removes the firewall rule install.ps1
made and the program folder. The configuration, key, certificate and logs in -ConfigDir stay,
so that a later install.ps1 picks them up, unless -RemoveConfiguration is given. Run it elevated.
#>
#Requires -RunAsAdministrator
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [string] $InstallDir = (Join-Path $env:ProgramFiles 'iisbot-agent'),
    [string] $ConfigDir = (Join-Path $env:ProgramData 'iisbot'),
    [string] $ServiceName = 'iisbot-agent',
    [switch] $RemoveConfiguration
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$java = Join-Path $InstallDir 'runtime\bin\java.exe'
$jar = Join-Path $InstallDir 'lib\iisbot-agent.jar'

if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
    if ($PSCmdlet.ShouldProcess($ServiceName, 'stop and delete the service')) {
        & $java -jar $jar remove --name $ServiceName
        if ($LASTEXITCODE -ne 0) { throw "removing $ServiceName failed ($LASTEXITCODE)" }
    }
}
if ($PSCmdlet.ShouldProcess($ServiceName, 'remove the firewall rule')) {
    Get-NetFirewallRule -Name $ServiceName -ErrorAction SilentlyContinue | Remove-NetFirewallRule
}
if ((Test-Path $InstallDir) -and $PSCmdlet.ShouldProcess($InstallDir, 'delete the program files')) {
    # This script may run from there: PowerShell has read it whole already.
    Remove-Item -Recurse -Force $InstallDir
}
if ($RemoveConfiguration -and (Test-Path $ConfigDir) -and
    $PSCmdlet.ShouldProcess($ConfigDir, 'delete the configuration, key, certificate and logs')) {
    Remove-Item -Recurse -Force $ConfigDir
}
Write-Output "removed $ServiceName$(if (-not $RemoveConfiguration) { "; its configuration stays in $ConfigDir" })"
