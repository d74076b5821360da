using ClusterLocator.Locator;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>Several in-process locators on the memory store, each given the others as peers. Stops what it starts.</summary>
internal sealed class PeerLocators : IAsyncDisposable
{
    private PeerLocators(IReadOnlyList<SystemClockLocator> locators) => Locators = locators;

    public IReadOnlyList<SystemClockLocator> Locators { get; }

    public SystemClockLocator this[int index] => Locators[index];

    /// <summary>
    /// Starts <paramref name="count"/> locators without warm-up, with a 60 s lease so that a cluster
    /// registered once outlives a stalled machine (a configure callback may set another). A peer's URL must be known before it
    /// starts, so each gets a port that was free a moment ago; the set starts again on other ports
    /// if one was taken meanwhile.
    /// </summary>
    public static async Task<PeerLocators> StartAsync(int count, TimeSpan reportInterval, Action<LocatorOptions>? configure = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var urls = Enumerable.Range(0, count).Select(_ => $"http://127.0.0.1:{LoopbackPorts.Free()}").ToList();
            var started = new List<SystemClockLocator>();
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var own = urls[i];
                    started.Add(await SystemClockLocator.StartAsync("memory", reportInterval, options =>
                    {
                        options.WarmUp = TimeSpan.Zero;
                        options.Lease = TimeSpan.FromSeconds(60);
                        options.Urls.Clear();
                        options.Urls.Add(own);
                        foreach (var peer in urls.Where(url => url != own))
                        {
                            options.Peers.Add(peer);
                        }

                        configure?.Invoke(options);
                    }));
                }

                return new PeerLocators(started);
            }
            catch (IOException) when (attempt < 3)
            {
                foreach (var locator in started)
                {
                    await locator.DisposeAsync();
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var locator in Locators)
        {
            await locator.DisposeAsync();
        }
    }
}
