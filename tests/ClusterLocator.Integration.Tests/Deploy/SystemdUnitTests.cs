using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Deploy;

/// <summary>
/// The systemd units under <c>deploy/systemd/</c> pass <c>systemd-analyze verify</c> without a single
/// warning, and the hosts the CLI builds speak systemd's notify protocol: <c>Type=notify</c> in the
/// units is only right if <c>READY=1</c> really arrives.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class SystemdUnitTests
{
    private const string Analyzer = "/usr/bin/systemd-analyze";
    private const string InstalledBinary = "/opt/clusterlocator/clusterlocator";

    [Fact]
    public async Task Units_PassSystemdAnalyzeVerifyWithoutWarnings()
    {
        Assert.True(File.Exists(Analyzer), $"{Analyzer} is missing: install the Debian package 'systemd' (apt-get install -y --no-install-recommends systemd) to lint deploy/systemd/.");
        var source = Path.Combine(RepositoryPaths.Root(), "deploy", "systemd");
        var lint = Directory.CreateTempSubdirectory("systemd-lint-");
        try
        {
            // verify checks that ExecStart's binary exists: point it at the one this build made. A
            // template is verified through an instance of it.
            List<string> units = [];
            foreach (var unit in Directory.GetFiles(source, "*.service"))
            {
                var name = Path.GetFileName(unit).Replace("@.service", "@lint.service", StringComparison.Ordinal);
                var text = (await File.ReadAllTextAsync(unit)).Replace(InstalledBinary, CliProcess.ExecutablePath, StringComparison.Ordinal);
                await File.WriteAllTextAsync(Path.Combine(lint.FullName, name), text);
                units.Add(Path.Combine(lint.FullName, name));
            }

            Assert.Equal(2, units.Count);
            var (code, output) = await RunAsync(Analyzer, ["verify", "--man=no", "--generators=no", .. units]);

            // An unknown key or a bad value is only a warning (exit code 0): any output fails.
            Assert.True(code == 0 && output.Length == 0, $"systemd-analyze verify exited {code}:\n{output}");
        }
        finally
        {
            lint.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("locator")]
    [InlineData("controller")]
    public async Task UnderSystemd_HostSendsReadyToTheNotifySocket(string command)
    {
        var directory = Directory.CreateTempSubdirectory("systemd-notify-");
        try
        {
            var socketPath = Path.Combine(directory.FullName, "notify");
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(socketPath));

            // The host takes itself for a systemd service when its parent is PID 1 or is called
            // "systemd": a shell script of that name, which runs the CLI as its child, passes.
            var launcher = Path.Combine(directory.FullName, "systemd");
            await File.WriteAllTextAsync(launcher, "#!/bin/sh\n\"$@\"\n");
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserExecute);

            string[] args = command == "locator"
                ? [CliProcess.ExecutablePath, "locator", "--urls", "http://127.0.0.1:0"]
                : [CliProcess.ExecutablePath, "controller", "--cluster", "notify", "--service", "erp", "--capacity", "10", "--listen", "tcp://127.0.0.1:0",
                    "--member", "127.0.0.1:1", "--locator", LoopbackPorts.DeadUrl().ToString(), "--no-host-usage"];
            await using var process = CliProcess.StartExecutable(launcher, args, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });

            var buffer = new byte[4096];
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None).DefaultTimeout();
            Assert.Contains("READY=1", Encoding.UTF8.GetString(buffer, 0, received), StringComparison.Ordinal);

            // Simple logs carry journald's priority prefix ("<6>" is Information) instead of colours and times.
            await Eventually.HoldsAsync(() => process.Stdout.Length > 0, "the host to log");
            Assert.StartsWith("<", process.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().DefaultTimeout();
        return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
    }
}
