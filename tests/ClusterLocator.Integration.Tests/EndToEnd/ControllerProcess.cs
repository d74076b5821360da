using System.Diagnostics;
using ClusterLocator.Integration.Tests.Infrastructure;

namespace ClusterLocator.Integration.Tests.EndToEnd;

/// <summary>
/// One cluster: <c>clusterlocator controller</c> in its own process with a TCP front door on
/// 127.0.0.1 port 0, in front of in-test echo members, reporting to one locator without host usage
/// (every process shares this host, so its CPU would make every cluster equally unhealthy and hide
/// the capacities). Disposing kills the process, then stops the members.
/// </summary>
internal sealed class ControllerProcess : IAsyncDisposable
{
    private readonly CliProcess _process;
    private readonly EchoServer[] _members;

    private ControllerProcess(string clusterId, int capacity, CliProcess process, EchoServer[] members)
    {
        ClusterId = clusterId;
        Capacity = capacity;
        _process = process;
        _members = members;
    }

    public string ClusterId { get; }

    public int Capacity { get; }

    /// <summary>What the process wrote, for failure messages.</summary>
    public string Output => $"{ClusterId} stdout: {_process.Stdout} stderr: {_process.Stderr}";

    /// <summary>Starts <paramref name="memberCount"/> echo members and the controller in front of them.</summary>
    public static async Task<ControllerProcess> StartAsync(string clusterId, string service, int capacity, Uri locator, string reportInterval, int memberCount = 2)
    {
        var members = Enumerable.Range(0, memberCount).Select(_ => EchoServer.Start()).ToArray();
        string[] args =
        [
            "controller", "--cluster", clusterId, "--service", service, "--capacity", capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--listen", "tcp://127.0.0.1:0", "--locator", locator.ToString(), "--report-interval", reportInterval, "--no-host-usage",
            .. members.SelectMany(m => new[] { "--member", m.Address }),
        ];
        try
        {
            return new ControllerProcess(clusterId, capacity, CliProcess.Start(args), members);
        }
        catch
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>
    /// SIGKILL (what <see cref="Process.Kill()"/> sends on Unix): no drain, no deregistration, its
    /// sessions cut by the kernel. Returns once the process is gone.
    /// </summary>
    public async Task KillAsync()
    {
        using (var process = Process.GetProcessById(_process.Id))
        {
            process.Kill();
        }

        var code = await _process.WaitForExitAsync();
        Assert.True(code != 0, $"The killed controller '{ClusterId}' exited with 0. {Output}");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }
    }
}
