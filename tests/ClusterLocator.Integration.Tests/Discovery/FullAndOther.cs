using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Discovery;

/// <summary>
/// A locator and two clusters of <c>web</c>: "full" looks healthiest but its one session is held by
/// a request in flight, so it answers <c>503</c> + <c>ClusterLocator-Relocate</c>; "other" serves.
/// The clusters are registered by the test, so their health is what it needs.
/// </summary>
internal sealed class FullAndOther : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _started = [];
    private HttpClient? _holder;
    private Task<HttpResponseMessage>? _held;

    public TestLocator Locator { get; private set; } = null!;

    public HttpMember FullMember { get; private set; } = null!;

    public HttpMember OtherMember { get; private set; } = null!;

    public static async Task<FullAndOther> StartAsync()
    {
        var clusters = new FullAndOther();
        try
        {
            clusters.Locator = await clusters.Started(TestLocator.StartAsync());
            clusters.FullMember = await clusters.Started(HttpMember.StartAsync("full-m"));
            clusters.OtherMember = await clusters.Started(HttpMember.StartAsync("other-m"));
            var full = await clusters.Started(TestController.StartAsync(o => Fronting(o, "full", clusters.FullMember.Address, maxSessions: 1), tcp: false, http: true));
            var other = await clusters.Started(TestController.StartAsync(o => Fronting(o, "other", clusters.OtherMember.Address), tcp: false, http: true));
            await clusters.Locator.RegisterAsync("full", Reports.Create(service: "web", tcp: null, http: full.HttpAdvertised, health: 0.9));
            await clusters.Locator.RegisterAsync("other", Reports.Create(service: "web", tcp: null, http: other.HttpAdvertised, health: 0.5));

            clusters._holder = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = full.HttpAddress };
            clusters._held = clusters._holder.GetAsync("hold/the-place");
            await Eventually.HoldsAsync(() => clusters.FullMember.Held == 1, "the holder's request to reach the full cluster's member");
            return clusters;
        }
        catch
        {
            await clusters.DisposeAsync();
            throw;
        }
    }

    /// <summary>Settings of a controller in front of <paramref name="member"/> whose registration the test does.</summary>
    public static void Fronting(ClusterLocator.Controller.ControllerOptions options, string clusterId, string member, int? maxSessions = null)
    {
        options.ClusterId = clusterId;
        options.Service = "web";
        options.MaxSessions = maxSessions;
        options.Members.Add(member);
        options.Locators.Add(LoopbackPorts.DeadUrl());
    }

    public async ValueTask DisposeAsync()
    {
        FullMember?.ReleaseHeld();
        if (_held is not null)
        {
            using var response = await _held.DefaultTimeout();
        }

        _holder?.Dispose();
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }
    }

    private async Task<T> Started<T>(Task<T> starting)
        where T : IAsyncDisposable
    {
        var started = await starting;
        _started.Add(started);
        return started;
    }
}
