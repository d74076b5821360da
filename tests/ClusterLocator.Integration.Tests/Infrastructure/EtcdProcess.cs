using System.Diagnostics;
using System.Net.Security;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>
/// A real single-node etcd (Debian's <c>etcd-server</c>, which the README's test command installs)
/// on free 127.0.0.1 ports with a temporary data folder. It can be frozen (SIGSTOP), thawed
/// (SIGCONT), killed (SIGKILL) and restarted on the same ports and data. Disposing kills it and
/// deletes the data folder (etcd preallocates its write-ahead log there). Given <see cref="TestCertificates"/>,
/// it serves clients over TLS only (https, <c>etcds://</c>) and requires a client certificate its CA
/// issued (<c>--client-cert-auth</c>), as a production etcd does.
/// </summary>
internal sealed partial class EtcdProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string _dataDir;
    private readonly int _peerPort;
    private readonly TestCertificates? _tls;
    private readonly long? _quotaBytes;
    private readonly X509Certificate2? _healthClientCertificate;
    private readonly HttpClient _http;
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private Process? _process;

    private EtcdProcess(string dataDir, int clientPort, int peerPort, TestCertificates? tls, long? quotaBytes)
    {
        _quotaBytes = quotaBytes;
        _dataDir = dataDir;
        ClientPort = clientPort;
        _peerPort = peerPort;
        _tls = tls;
        var handler = new SocketsHttpHandler();
        if (tls is not null)
        {
            // Only to see that etcd is up: its CA is trusted, and the name it serves under is left
            // to the locator's own check (a test may give etcd a certificate for another name).
            _healthClientCertificate = X509Certificate2.CreateFromPemFile(tls.ClientCertFile, tls.ClientKeyFile);
            var trust = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            trust.CustomTrustStore.ImportFromPemFile(tls.CaFile);
            handler.SslOptions.CertificateChainPolicy = trust;
            handler.SslOptions.ClientCertificates = [_healthClientCertificate];
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, errors) => (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        }

        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(1) };
    }

    public int ClientPort { get; }

    /// <summary>The locator's <c>--store</c> value for this etcd: <c>etcds://</c> when it serves TLS.</summary>
    public string StoreAddress => $"{(_tls is null ? "etcd" : "etcds")}://127.0.0.1:{ClientPort}";

    private string ClientUrl => $"{(_tls is null ? "http" : "https")}://127.0.0.1:{ClientPort}";

    /// <summary>What etcd wrote to stderr (errors only), for failure messages.</summary>
    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Starts etcd and waits until <c>/health</c> says it has a leader. With <paramref name="tls"/>
    /// (which the caller disposes, after this), clients must use TLS and present a certificate of its CA.
    /// With <paramref name="quotaBytes"/>, etcd raises its NOSPACE alarm once its database grows past
    /// that (<c>--quota-backend-bytes</c>).
    /// </summary>
    public static async Task<EtcdProcess> StartAsync(TestCertificates? tls = null, long? quotaBytes = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "clusterlocator-etcd-" + Guid.NewGuid().ToString("N"));
        var clientPort = LoopbackPorts.Free();
        var peerPort = LoopbackPorts.Free();
        while (peerPort == clientPort)
        {
            peerPort = LoopbackPorts.Free();
        }

        var etcd = new EtcdProcess(dataDir, clientPort, peerPort, tls, quotaBytes);
        try
        {
            await etcd.LaunchAsync();
            return etcd;
        }
        catch
        {
            await etcd.DisposeAsync();
            throw;
        }
    }

    /// <summary>Freezes etcd (SIGSTOP): connections stay open, nothing answers. A hung etcd.</summary>
    public void Pause() => Signal(19);

    /// <summary>Thaws a frozen etcd (SIGCONT).</summary>
    public void Resume() => Signal(18);

    /// <summary>Kills etcd at once (SIGKILL), as a crash does.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync().DefaultTimeout();
        }
    }

    /// <summary>Starts etcd again on the same ports and data folder, after <see cref="KillAsync"/>.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _process = null;
        await LaunchAsync();
    }

    private async Task LaunchAsync()
    {
        var peer = $"http://127.0.0.1:{_peerPort}";
        var client = ClientUrl;
        var info = new ProcessStartInfo("etcd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "--name", "test", "--data-dir", _dataDir,
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", $"test={peer}", "--initial-cluster-state", "new", "--initial-cluster-token", "clusterlocator-test",

            // A single node elects itself; short timings make that (and a restart) quick.
            "--heartbeat-interval", "10", "--election-timeout", "100",
            "--logger", "zap", "--log-outputs", "stderr", "--log-level", "error",
        ];
        string[] tlsArgs = _tls is null
            ? []
            : ["--cert-file", _tls.ServerCertFile, "--key-file", _tls.ServerKeyFile, "--trusted-ca-file", _tls.CaFile, "--client-cert-auth"];
        string[] quotaArgs = _quotaBytes is { } quota ? ["--quota-backend-bytes", quota.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        foreach (var arg in args.Concat(tlsArgs).Concat(quotaArgs))
        {
            info.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException("etcd is not installed: run ./test.sh (it installs etcd-server) or 'apt-get install etcd-server'.", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await Eventually.HoldsAsync(IsHealthyAsync, $"etcd on port {ClientPort} to report healthy", StartTimeout);
    }

    private async Task<bool> IsHealthyAsync()
    {
        if (_process is { HasExited: true } exited)
        {
            throw new InvalidOperationException($"etcd exited with {exited.ExitCode} before it was healthy. stderr: {Stderr}");
        }

        try
        {
            var body = await _http.GetStringAsync($"{ClientUrl}/health");
            return body.Contains("\"health\":\"true\"", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private void Signal(int signal)
    {
        var process = _process ?? throw new InvalidOperationException("etcd is not running.");
        if (kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _stderr.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // SIGKILL works on a frozen process too; SIGTERM would wait for a SIGCONT.
        await KillAsync();
        _process?.Dispose();
        _http.Dispose();
        _healthClientCertificate?.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
