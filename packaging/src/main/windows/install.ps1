<#
.SYNOPSIS
Installs or upgrades the iisbot agent as a Windows service, from the folder of this zip.

.DESCRIPTION
Copies the runtime, the jar and these scripts to -InstallDir (replacing an older version), and
keeps the configuration, key and certificate in -ConfigDir: on a first install it writes
agent.yaml, a new 32-byte key and a self-signed TLS certificate there; on an upgrade it leaves
them alone. It (re)registers the service (iisbot-agent.jar install, which carries the agent's
JVM settings), opens the agent's port in Windows Firewall to -BotAddress only, starts the
service and prints the entry to paste under hosts: in the bot's iisbot.yaml. Run it elevated.

.EXAMPLE
.\install.ps1 -BotAddress 10.0.0.5
#>
#Requires -RunAsAdministrator
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    # The bot's addresses (IPs or CIDR ranges): the only ones the firewall lets reach the agent.
    [Parameter(Mandatory = $true)]
    [string[]] $BotAddress,
    [string] $InstallDir = (Join-Path $env:ProgramFiles 'iisbot-agent'),
    [string] $ConfigDir = (Join-Path $env:ProgramData 'iisbot'),
    # The host's name as the bot knows it (written to a new agent.yaml).
    [string] $HostName = $env:COMPUTERNAME.ToLowerInvariant(),
    [ValidateRange(1, 65535)]
    [int] $Port = 9701,
    # The key's id in a new agent.yaml, and the bot's keyId.
    [string] $KeyId = 'bot',
    # How the bot reaches this agent (default: https://<this host's DNS name>:<port>).
    [string] $AgentUrl,
    [string] $ServiceName = 'iisbot-agent'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$source = $PSScriptRoot
$java = Join-Path $InstallDir 'runtime\bin\java.exe'
$jar = Join-Path $InstallDir 'lib\iisbot-agent.jar'
$config = Join-Path $ConfigDir 'agent.yaml'
$fqdn = [System.Net.Dns]::GetHostEntry($env:COMPUTERNAME).HostName

function Grant-OwnerOnlyAccess([string] $Path) {
    # SYSTEM (the service) and Administrators only; nothing inherited.
    & icacls.exe $Path /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "icacls failed on $Path ($LASTEXITCODE)" }
}

function Write-AgentCertificate([string] $CertFile, [string] $KeyFile) {
    # A self-signed RSA certificate for this host's names and addresses, in the PEM files the
    # agent reads (certificate, and the key as unencrypted PKCS#8), with .NET alone.
    $rsa = New-Object System.Security.Cryptography.RSACng 3072
    $name = New-Object System.Security.Cryptography.X509Certificates.X500DistinguishedName "CN=$fqdn"
    $request = New-Object System.Security.Cryptography.X509Certificates.CertificateRequest(
        $name, $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256,
        [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $san = New-Object System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder
    foreach ($dns in @($fqdn, $env:COMPUTERNAME, $HostName, 'localhost') | Select-Object -Unique) {
        $san.AddDnsName($dns)
    }
    foreach ($ip in [System.Net.Dns]::GetHostAddresses($fqdn)) { $san.AddIpAddress($ip) }
    $request.CertificateExtensions.Add($san.Build())
    $usage = New-Object System.Security.Cryptography.OidCollection
    [void] $usage.Add((New-Object System.Security.Cryptography.Oid '1.3.6.1.5.5.7.3.1'))
    $request.CertificateExtensions.Add(
        (New-Object System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension $usage, $false))
    $now = [DateTimeOffset]::UtcNow
    $cert = $request.CreateSelfSigned($now.AddMinutes(-5), $now.AddYears(5))
    $der = $cert.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Cert)
    if ($rsa.PSObject.Methods.Name -contains 'ExportPkcs8PrivateKey') {
        $pkcs8 = $rsa.ExportPkcs8PrivateKey()
    } else {
        # Windows PowerShell 5.1 (.NET Framework): an ephemeral CNG key exports as PKCS#8 blob.
        $pkcs8 = $rsa.Key.Export([System.Security.Cryptography.CngKeyBlobFormat]::Pkcs8PrivateBlob)
    }
    Set-Content -Path $CertFile -Encoding Ascii -Value (ConvertTo-Pem 'CERTIFICATE' $der)
    Set-Content -Path $KeyFile -Encoding Ascii -Value (ConvertTo-Pem 'PRIVATE KEY' $pkcs8)
}

function ConvertTo-Pem([string] $Label, [byte[]] $Bytes) {
    $b64 = [Convert]::ToBase64String($Bytes, [Base64FormattingOptions]::InsertLineBreaks)
    return "-----BEGIN $Label-----`r`n$b64`r`n-----END $Label-----"
}

# 1. Stop and unregister the old service (its files can be replaced only once it has exited).
$existing = Get-CimInstance Win32_Service -Filter "Name='$ServiceName'"
$account = 'LocalSystem'
if ($existing) {
    $account = $existing.StartName
    if ($account -notmatch '^(LocalSystem|NT AUTHORITY\\.+|NT SERVICE\\.+)$') {
        throw "$ServiceName runs as $account, whose password this script cannot keep: run uninstall.ps1, then iisbot-agent.jar install --account $account --password-env VAR"
    }
    if ($PSCmdlet.ShouldProcess($ServiceName, 'remove the old service')) {
        & (Join-Path $InstallDir 'runtime\bin\java.exe') -jar $jar remove --name $ServiceName
        if ($LASTEXITCODE -ne 0) { throw "removing the old $ServiceName failed ($LASTEXITCODE)" }
    }
}

# 2. The program files: replaced whole (runtime, lib, bin, scripts); the configuration is elsewhere.
if ((Resolve-Path $source).Path.TrimEnd('\') -ne $InstallDir.TrimEnd('\')) {
    if ($PSCmdlet.ShouldProcess($InstallDir, 'copy the agent')) {
        New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
        foreach ($part in 'runtime', 'lib', 'bin') {
            $target = Join-Path $InstallDir $part
            if (Test-Path $target) { Remove-Item -Recurse -Force $target }
            Copy-Item -Recurse -Path (Join-Path $source $part) -Destination $target
        }
        foreach ($file in 'install.ps1', 'uninstall.ps1', 'agent.example.yaml') {
            Copy-Item -Force -Path (Join-Path $source $file) -Destination $InstallDir
        }
    }
}

# 3. Configuration, key and certificate: written once, kept on every upgrade.
$secretFile = Join-Path $ConfigDir "secrets\$KeyId.secret"
$certFile = Join-Path $ConfigDir 'tls\agent.crt'
$newKey = $false
if (-not (Test-Path $config)) {
    if ($PSCmdlet.ShouldProcess($config, 'write a new configuration, key and certificate')) {
        foreach ($dir in $ConfigDir, (Join-Path $ConfigDir 'secrets'), (Join-Path $ConfigDir 'tls')) {
            New-Item -ItemType Directory -Force -Path $dir | Out-Null
        }
        Grant-OwnerOnlyAccess $ConfigDir
        if (-not (Test-Path $secretFile)) {
            $bytes = New-Object byte[] 32
            $rng = [System.Security.Cryptography.RandomNumberGenerator]::Create()
            $rng.GetBytes($bytes)
            $rng.Dispose()
            Set-Content -Path $secretFile -Encoding Ascii -NoNewline `
                -Value (($bytes | ForEach-Object { $_.ToString('x2') }) -join '')
            $newKey = $true
        }
        $keyFile = Join-Path $ConfigDir 'tls\agent.key'
        if (-not (Test-Path $certFile)) { Write-AgentCertificate $certFile $keyFile }
        Set-Content -Path $config -Encoding Ascii -Value @"
# iisbot agent configuration, written by install.ps1 (kept on upgrades). Every key is explained in
# $InstallDir\agent.example.yaml.
host: $HostName
bind: 0.0.0.0
port: $Port
tls:
  certificate: $certFile
  privateKey: $keyFile
keys:
  - id: $KeyId
    secretFile: $secretFile
allow:
  services: [W3SVC, WAS]
  pools: ["*"]
  sites: ["*"]
  force: false
logDir: $(Join-Path $ConfigDir 'logs')
eventLog: true
"@
    }
} else {
    # The entry below describes the configuration that is there.
    $text = Get-Content -Raw $config
    if ($text -match '(?m)^host:\s*(\S+)') { $HostName = $Matches[1] }
    if ($text -match '(?m)^port:\s*(\d+)') { $Port = [int] $Matches[1] }
    if ($text -match '(?m)^\s*-\s*id:\s*(\S+)') { $KeyId = $Matches[1] }
    $secretFile = Join-Path $ConfigDir "secrets\$KeyId.secret"
    if ($text -notmatch '(?m)^tls:') { $certFile = $null }
}

# 4. The service: iisbot-agent.jar registers itself with this runtime's java.exe and settings.
if ($PSCmdlet.ShouldProcess($ServiceName, 'install and start the service')) {
    & $java -jar $jar install --config $config --name $ServiceName --account $account
    if ($LASTEXITCODE -ne 0) { throw "installing $ServiceName failed ($LASTEXITCODE)" }

    # 5. The firewall: the agent's port, for the agent's java.exe, from the bot only.
    Get-NetFirewallRule -Name $ServiceName -ErrorAction SilentlyContinue | Remove-NetFirewallRule
    New-NetFirewallRule -Name $ServiceName -DisplayName "iisbot agent (TCP $Port)" `
        -Direction Inbound -Action Allow -Protocol TCP -LocalPort $Port `
        -RemoteAddress $BotAddress -Program $java -Profile Any | Out-Null

    Start-Service -Name $ServiceName
    (Get-Service -Name $ServiceName).WaitForStatus('Running', [TimeSpan]::FromSeconds(60))
}

# 6. What the bot needs: the hosts: entry, the key, the certificate to trust.
if (-not $AgentUrl) {
    $scheme = if ($certFile) { 'https' } else { 'http' }
    $AgentUrl = "${scheme}://${fqdn}:$Port"
}
$variable = 'IISBOT_KEY_' + ($HostName.ToUpperInvariant() -replace '[^A-Z0-9]', '_')
Write-Output ''
Write-Output "The iisbot agent serves $HostName at $AgentUrl. Add under hosts: in the bot's iisbot.yaml:"
Write-Output ''
Write-Output "  - name: $HostName"
Write-Output "    agent: $AgentUrl"
Write-Output "    keyId: $KeyId"
Write-Output "    secretEnv: $variable"
if ($certFile) { Write-Output "    caCertificate: /etc/iisbot/agents/$HostName.pem" }
Write-Output ''
if ($newKey) {
    Write-Output "and to the bot's secrets (/etc/iisbot/iisbot.env), this new key (shown once):"
    Write-Output ''
    Write-Output "$variable=$(Get-Content -Raw $secretFile)"
} else {
    Write-Output "and to the bot's secrets (/etc/iisbot/iisbot.env): $variable=<the content of $secretFile>"
}
if ($certFile) {
    Write-Output ''
    Write-Output "and save this certificate as /etc/iisbot/agents/$HostName.pem on the bot's machine:"
    Write-Output ''
    Get-Content $certFile | Write-Output
}
