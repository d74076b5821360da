using System.Net;
using System.Text.Json;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Sharing;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Sharing;

public sealed class PlacementSenderTests : IDisposable
{
    private static readonly Uri PeerB = new("http://10.0.0.3:7400/");
    private static readonly Uri PeerC = new("http://10.0.0.4:7400/");

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new();
    private readonly LocatorOptions _options = new() { ControllerToken = "0123456789abcdef0123" };
    private readonly ClusterRegistry _registry;
    private readonly RecordingHandler _handler = new();
    private readonly ListLogger<PlacementSender> _log = new();
    private readonly FixedPeers _peers = new([PeerB, PeerC]);
    private readonly PlacementSender _sender;

    public PlacementSenderTests()
    {
        _registry = new ClusterRegistry(new MemoryClusterStore(), _time, _options, NullLogger<ClusterRegistry>.Instance);
        _sender = TestPlacementSender.Create(_registry, _peers, _options, _handler, _services, _time, _log);
    }

    public void Dispose()
    {
        _sender.Dispose();
        _registry.Dispose();
        _services.Dispose();
        _handler.Dispose();
    }

    private async Task<ClusterEntry> RegisterAsync(string id, long seq = 1)
    {
        await _registry.ReportAsync(id, Reports.Create(seq: seq, incarnation: "inc-" + id), CancellationToken.None).DefaultTimeout();
        return _registry.Find(id)!;
    }

    [Fact]
    public async Task Sync_Placements_PostsEachCountOnceToEveryPeer()
    {
        var a = await RegisterAsync("a", seq: 7);
        var b = await RegisterAsync("b", seq: 2);
        a.RecordPlacement();
        a.RecordPlacement();
        a.RecordPlacement();
        b.RecordPlacement();

        await _sender.SyncAsync(CancellationToken.None).DefaultTimeout();
        await _sender.SyncAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal([PeerB.AbsoluteUri, PeerC.AbsoluteUri], _handler.Requests.Select(r => new Uri(r.Uri, "/").AbsoluteUri).Order(StringComparer.Ordinal).ToArray());
        foreach (var (uri, authorization, batch) in _handler.Requests)
        {
            Assert.Equal("/v1/placements", uri.AbsolutePath);
            Assert.Equal("Bearer " + _options.ControllerToken, authorization);
            Assert.Equal(
                ["a inc-a 7 3", "b inc-b 2 1"],
                batch.Placements!.Select(p => $"{p!.Cluster} {p.Incarnation} {p.Seq} {p.Count}").Order(StringComparer.Ordinal).ToArray());
        }

        // Counted here as before: sharing takes nothing from this locator's own view.
        Assert.Equal(3, a.Placed);
    }

    [Fact]
    public async Task Sync_PeerLeftTheDirectory_IsForgottenAndSentNothingMore()
    {
        var a = await RegisterAsync("a");
        a.RecordPlacement();
        await _sender.SyncAsync(CancellationToken.None).DefaultTimeout();

        _peers.Peers = [PeerB];
        a.RecordPlacement();
        await _sender.SyncAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(1, _sender.LinkCount);
        Assert.Equal(2, _handler.Requests.Count(r => new Uri(r.Uri, "/") == PeerB));
        Assert.Equal(1, _handler.Requests.Count(r => new Uri(r.Uri, "/") == PeerC));
    }

    [Fact]
    public async Task Sync_NothingPlaced_SendsNothing()
    {
        var a = await RegisterAsync("a");
        a.RecordPlacement();
        await _sender.SyncAsync(CancellationToken.None).DefaultTimeout();
        var afterFirst = _handler.Requests.Count;

        await _sender.SyncAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(2, afterFirst);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task Sync_PeerDown_LogsTheOutageOnceAndItsEnd()
    {
        var a = await RegisterAsync("a");
        _handler.Status = HttpStatusCode.ServiceUnavailable;
        for (var i = 0; i < 3; i++)
        {
            a.RecordPlacement();
            await _sender.SyncAsync(CancellationToken.None).DefaultTimeout();
        }

        _handler.Status = HttpStatusCode.NoContent;
        a.RecordPlacement();
        await _sender.SyncAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(2, _log.Entries.Count(e => e.Id.Name == "PeerUnreachable"));
        Assert.Contains(_log.Entries, e => e.Id.Name == "PeerUnreachable" && e.Message.Contains("answered 503", StringComparison.Ordinal));
        Assert.Equal(2, _log.Entries.Count(e => e.Id.Name == "PeerReachable" && e.Message.Contains("3 batches were dropped", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Sync_PeerBusyWithTheLastPost_CountsWaitAndGoWithTheNext()
    {
        var a = await RegisterAsync("a");
        _handler.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.RecordPlacement();
        var first = _sender.SyncAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => _handler.Requests.Count == 2, "both peers to receive the first post");

        a.RecordPlacement();
        a.RecordPlacement();
        await _sender.SyncAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal(2, _handler.Requests.Count);
        _handler.Gate.SetResult();
        await first.DefaultTimeout();
        await _sender.SyncAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal([1, 1, 2, 2], _handler.Requests.Select(r => r.Batch.Placements!.Single()!.Count!.Value).Order().ToArray());
    }

    private sealed class FixedPeers(IReadOnlyList<Uri> peers) : IPeerDirectory
    {
        public IReadOnlyList<Uri> Peers { get; set; } = peers;
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        private readonly List<(Uri Uri, string? Authorization, PlacementBatch Batch)> _requests = [];

        public HttpStatusCode Status { get; set; } = HttpStatusCode.NoContent;

        /// <summary>When set, every answer waits for it.</summary>
        public TaskCompletionSource? Gate { get; set; }

        public IReadOnlyList<(Uri Uri, string? Authorization, PlacementBatch Batch)> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var batch = JsonSerializer.Deserialize(body, SharingJsonContext.Default.PlacementBatch)!;
            lock (_requests)
            {
                _requests.Add((request.RequestUri!, request.Headers.Authorization?.ToString(), batch));
            }

            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            return new HttpResponseMessage(Status);
        }
    }
}
