using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ClusterLocator.Testing;

namespace ClusterLocator.Package.Tests;

/// <summary>
/// A process of the packaged world (the SDK's <c>dotnet</c>, the installed tool, the fresh app) with
/// its output captured. It inherits none of the test host's MSBuild variables, which would point a
/// child <c>dotnet build</c> at the test's own build. Disposing kills what is still running.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Standard output and error, interleaved as they came.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static ChildProcess Start(string executable, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var key in info.Environment.Keys.Where(IsInherited).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a command to its end; a non-zero exit fails with the command and its output.</summary>
    public static async Task<string> RunAsync(string executable, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var list = args.ToList();
        await using var child = Start(executable, list, workingDirectory, environment);
        var code = await child.WaitForExitAsync(timeout ?? TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"`{executable} {string.Join(' ', list)}` exited {code}:\n{child.Output}");
        return child.Output;
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
                    throw new InvalidOperationException($"The process exited with {_process.ExitCode} before listening: {Output}");
                }

                match = ListeningLine().Match(Output);
                return match.Success;
            },
            "the process to log 'Now listening on'");
        return new Uri(match!.Groups["url"].Value + "/");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().TimeoutAfter(timeout);

        // The parameterless wait also drains the redirected output.
        _process.WaitForExit();
        return _process.ExitCode;
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

    private static bool IsInherited(string key) =>
        key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("CLUSTERLOCATOR_", StringComparison.Ordinal)
        || key is "DOTNET_HOST_PATH" or "NUGET_PACKAGES" or "VSTEST_HOST_DEBUG";

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>https?://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
