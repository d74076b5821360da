using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>
/// A real single-node etcd (Debian's <c>etcd-server</c>, which the README's test command installs)
/// on free 127.0.0.1 ports with a temporary data folder. It can be frozen (SIGSTOP), thawed
/// (SIGCONT), killed (SIGKILL) and restarted on the same ports and data. Disposing kills it and
/// deletes the data folder (etcd preallocates 123 MB of WAL in it).
/// </summary>
internal sealed partial class EtcdProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string _dataDir;
    private readonly int _peerPort;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(1) };
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private Process? _process;

    private EtcdProcess(string dataDir, int clientPort, int peerPort)
    {
        _dataDir = dataDir;
        ClientPort = clientPort;
        _peerPort = peerPort;
    }

    public int ClientPort { get; }

    /// <summary>The locator's <c>--store</c> value for this etcd.</summary>
    public string StoreAddress => $"etcd://127.0.0.1:{ClientPort}";

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

    /// <summary>Starts etcd and waits until <c>/health</c> says it has a leader.</summary>
    public static async Task<EtcdProcess> StartAsync()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "clusterlocator-etcd-" + Guid.NewGuid().ToString("N"));
        var clientPort = LoopbackPorts.Free();
        var peerPort = LoopbackPorts.Free();
        while (peerPort == clientPort)
        {
            peerPort = LoopbackPorts.Free();
        }

        var etcd = new EtcdProcess(dataDir, clientPort, peerPort);
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
        var client = $"http://127.0.0.1:{ClientPort}";
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

            // A single node elects itself; short timings make that (and a restart) take a tenth of a second.
            "--heartbeat-interval", "10", "--election-timeout", "100",
            "--logger", "zap", "--log-outputs", "stderr", "--log-level", "error",
        ];
        foreach (var arg in args)
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
            var body = await _http.GetStringAsync($"http://127.0.0.1:{ClientPort}/health");
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
