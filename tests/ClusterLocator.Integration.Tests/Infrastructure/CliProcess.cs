using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>
/// The real <c>clusterlocator</c> executable (or another of the repository's, such as a sample) in a
/// child process, with its output captured. Disposing kills what is still running.
/// </summary>
internal sealed partial class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private CliProcess(Process process)
    {
        _process = process;
    }

    public static string ExecutablePath { get; } = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "clusterlocator.exe" : "clusterlocator");

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

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

    public int Id => _process.Id;

    public static CliProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        StartExecutable(ExecutablePath, args, environment, workingDirectory);

    /// <summary>Starts <paramref name="executable"/>, an apphost built by this repository.</summary>
    public static CliProcess StartExecutable(string executable, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Keep the child's logs plain and its configuration only what the test gives.
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("CLUSTERLOCATOR_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.Append(cli._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => cli.Append(cli._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs a command to its end and returns its exit code.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        RunAsync(TimeoutExtensions.DefaultTimeoutTimeSpan, args);

    /// <summary>Runs a command that takes a while by design to its end, failing after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, params string[] args)
    {
        await using var cli = Start(args);
        var code = await cli.WaitForExitAsync(timeout);
        return (code, cli.Stdout, cli.Stderr);
    }

    /// <summary>Waits until the process logs where it listens, and returns that URL.</summary>
    public async Task<Uri> WaitForListeningAsync()
    {
        Match? match = null;
        await Eventually.HoldsAsync(
            () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The process exited with {_process.ExitCode} before listening. stderr: {Stderr} stdout: {Stdout}");
                }

                match = ListeningLine().Match(Stdout);
                return match.Success;
            },
            "the process to log 'Now listening on'");
        return new Uri(match!.Groups["url"].Value + "/");
    }

    /// <summary>Writes <paramref name="text"/> to the process's stdin and closes it, as a pipe that ends.</summary>
    public async Task WriteInputAndCloseAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text).DefaultTimeout();
        _process.StandardInput.Close();
    }

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        await _process.WaitForExitAsync().TimeoutAfter(timeout ?? TimeoutExtensions.DefaultTimeoutTimeSpan);

        // The parameterless wait also drains the redirected output.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a service manager does to stop a service.</summary>
    public void Terminate()
    {
        if (kill(_process.Id, 15) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Sends SIGKILL, as a crash or the OOM killer does: no shutdown runs.</summary>
    public void Kill()
    {
        if (kill(_process.Id, 9) != 0)
        {
            throw new InvalidOperationException($"kill -KILL {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().DefaultTimeout();
        }

        _process.Dispose();
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            buffer.AppendLine(line);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [GeneratedRegex(@"Now listening on: (?<url>https?://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
