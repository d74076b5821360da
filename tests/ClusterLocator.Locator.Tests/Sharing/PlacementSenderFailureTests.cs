using System.Net;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Sharing;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Sharing;

/// <summary>Every way a post can fail is counted and logged, each with the advice that fits it.</summary>
public sealed class PlacementSenderFailureTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new();
    private readonly LocatorOptions _options = new() { ControllerToken = "0123456789abcdef0123" };
    private readonly ListLogger<PlacementSender> _log = new();
    private readonly FailingHandler _handler = new();
    private readonly ClusterRegistry _registry;
    private readonly PlacementSender _sender;

    public PlacementSenderFailureTests()
    {
        _options.Peers.Add("http://10.0.0.3:7400");
        _registry = new ClusterRegistry(new MemoryClusterStore(), _time, _options, NullLogger<ClusterRegistry>.Instance);
        _sender = TestPlacementSender.Create(_registry, new ConfiguredPeers(_options), _options, _handler, _services, _time, _log);
    }

    public void Dispose()
    {
        _sender.Dispose();
        _registry.Dispose();
        _services.Dispose();
        _handler.Dispose();
    }

    [Fact]
    public async Task UnexpectedError_IsLoggedAsAFailure()
    {
        _handler.Throw = new InvalidOperationException("an unexpected fault");

        await PlaceAndSyncAsync();

        var warning = Assert.Single(_log.Entries);
        Assert.Equal("PeerUnreachable", warning.Id.Name);
        Assert.Contains("an unexpected fault", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answered400_SaysTheBatchWasInvalid_NotThatItDidNotReach()
    {
        _handler.Status = HttpStatusCode.BadRequest;

        await PlaceAndSyncAsync();

        var warning = Assert.Single(_log.Entries).Message;
        Assert.Contains("did not take placement counts: it answered 400 Bad Request: it found the batch invalid", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("did not reach", warning, StringComparison.Ordinal);
    }

    private async Task PlaceAndSyncAsync()
    {
        await _registry.ReportAsync("a", Reports.Create(seq: 1), CancellationToken.None).DefaultTimeout();
        _registry.Find("a")!.RecordPlacement();
        await _sender.SyncAsync(CancellationToken.None).DefaultTimeout();
    }

    private sealed class FailingHandler : HttpMessageHandler
    {
        public HttpStatusCode Status { get; set; } = HttpStatusCode.NoContent;

        public Exception? Throw { get; set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Throw is { } ex ? Task.FromException<HttpResponseMessage>(ex) : Task.FromResult(new HttpResponseMessage(Status));
    }
}
