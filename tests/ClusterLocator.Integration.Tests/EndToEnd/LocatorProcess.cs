using System.Net;
using System.Net.Http.Json;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.EndToEnd;

/// <summary>
/// <c>clusterlocator locator</c> in its own process on 127.0.0.1 port 0 (with its default warm-up
/// of one lease), and an HTTP client of it. Disposing kills the process.
/// </summary>
internal sealed class LocatorProcess : IAsyncDisposable
{
    private readonly CliProcess _process;

    private LocatorProcess(CliProcess process, Uri url)
    {
        _process = process;
        Url = url;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };
    }

    /// <summary>The locator's base URL, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; }

    public HttpClient Http { get; }

    /// <summary>What the process wrote, for failure messages.</summary>
    public string Output => $"locator stdout: {_process.Stdout} stderr: {_process.Stderr}";

    /// <summary>
    /// Starts the locator and waits until it listens; <paramref name="reportInterval"/> and
    /// <paramref name="lease"/> are CLI text such as <c>250ms</c> (the lease defaults to three intervals).
    /// </summary>
    public static async Task<LocatorProcess> StartAsync(string reportInterval, string? lease = null)
    {
        // The workloads stand for many clients, all from 127.0.0.1: every placement counts, as it
        // would for many clients, so the spread measured is the policy's and not the share's.
        string[] arguments = ["locator", "--urls", "http://127.0.0.1:0", "--report-interval", reportInterval, "--client-placement-share", "100%"];
        var process = CliProcess.Start(lease is null ? arguments : [.. arguments, "--lease", lease]);
        try
        {
            return new LocatorProcess(process, await process.WaitForListeningAsync());
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until <c>/readyz</c> answers 200: the warm-up is over and locates are answered.</summary>
    public Task WaitForReadyAsync() =>
        Eventually.HoldsAsync(
            async () =>
            {
                using var response = await Http.GetAsync("readyz").DefaultTimeout();
                return response.StatusCode == HttpStatusCode.OK;
            },
            "the locator's /readyz to answer 200");

    public async Task<LocatorStatus> StatusAsync() =>
        (await Http.GetFromJsonAsync("v1/status", ProtocolJsonContext.Default.LocatorStatus).DefaultTimeout())!;

    public async Task<ClusterList> ClustersAsync() =>
        (await Http.GetFromJsonAsync("v1/clusters", ProtocolJsonContext.Default.ClusterList).DefaultTimeout())!;

    /// <summary>
    /// Waits until every one of <paramref name="clusters"/> is listed active and eligible with all its
    /// members healthy and no session yet, so the workload starts from an even field.
    /// </summary>
    public async Task WaitForEligibleAsync(IReadOnlyCollection<ControllerProcess> clusters)
    {
        var listed = "nothing";
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    var views = (await ClustersAsync()).Clusters;
                    listed = string.Join(", ", views.Select(v => $"{v.ClusterId} {v.State} eligible={v.Eligible} health={v.Health:0.###}"));
                    return clusters.All(c => views.Any(v => v.ClusterId == c.ClusterId
                        && v.State == ClusterStates.Active
                        && v.Eligible
                        && v.Load.HealthyMembers == v.Load.Members
                        && v.Load.Sessions == 0));
                },
                $"clusters {string.Join(", ", clusters.Select(c => c.ClusterId))} to be eligible at the locator");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Listed: {listed}. {Output} {string.Join(" ", clusters.Select(c => c.Output))}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}
