using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Sharing;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Sharing;

/// <summary>A locator whose peers require credentials but which has no controller token to send does not try.</summary>
public sealed class PlacementSenderCredentialTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger<PlacementSender> _log = new();
    private readonly CountingHandler _handler = new();

    public void Dispose()
    {
        _services.Dispose();
        _handler.Dispose();
    }

    [Fact]
    public async Task CredentialsFileWithoutToken_WarnsOnceAndSendsNothing()
    {
        var options = new LocatorOptions { CredentialsFile = "/etc/clusterlocator/credentials.json" };
        options.Peers.Add("http://10.0.0.3:7400");
        using var registry = new ClusterRegistry(new MemoryClusterStore(), _time, options, NullLogger<ClusterRegistry>.Instance);
        using var sender = Create(options, registry);
        await registry.ReportAsync("a", Reports.Create(seq: 1), CancellationToken.None).DefaultTimeout();

        await sender.StartAsync(CancellationToken.None);
        // Done at once: no sync loop runs.
        await sender.ExecuteTask!.DefaultTimeout();
        for (var i = 0; i < 5; i++)
        {
            registry.Find("a")!.RecordPlacement();
            _time.Advance(options.EffectivePeerSyncInterval);
        }

        Assert.Equal(0, _handler.Sent);
        var warning = Assert.Single(_log.Entries);
        Assert.Equal("PeerNoCredentialToSend", warning.Id.Name);
        Assert.Contains("Give every locator the same --controller-token-file", warning.Message, StringComparison.Ordinal);
        await sender.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("0123456789abcdef0123", "/etc/clusterlocator/credentials.json")]
    [InlineData("0123456789abcdef0123", null)]
    [InlineData(null, null)]
    public void TokenOrOpen_HasACredentialToSend(string? token, string? credentialsFile)
    {
        var options = new LocatorOptions { ControllerToken = token, CredentialsFile = credentialsFile };
        using var registry = new ClusterRegistry(new MemoryClusterStore(), _time, options, NullLogger<ClusterRegistry>.Instance);
        using var sender = Create(options, registry);

        Assert.False(sender.HasNoCredentialToSend);
    }

    private PlacementSender Create(LocatorOptions options, ClusterRegistry registry) =>
        TestPlacementSender.Create(registry, new ConfiguredPeers(options), options, _handler, _services, _time, _log);

    private sealed class CountingHandler : HttpMessageHandler
    {
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NoContent));
        }
    }
}
