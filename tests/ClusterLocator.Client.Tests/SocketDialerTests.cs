using System.Net.Sockets;
using System.Text;
using ClusterLocator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Client.Tests;

// Real loopback sockets, fake clock: the refusal window and the connect timeout end only when a test
// advances the clock, so every outcome below comes from what the server did, never from a race with time.
public sealed class SocketDialerTests : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RefusalWindow = TimeSpan.FromMilliseconds(50);
    private readonly LoopbackListener _listener = new();
    private readonly CountingTimeProvider _time = new();

    private SocketDialer NewDialer(TimeSpan? refusalWindow = null) => new(ConnectTimeout, refusalWindow ?? RefusalWindow, _time);

    public void Dispose() => _listener.Dispose();

    /// <summary>
    /// Waits until the dialer is connected and watching for a refusal (its second timer, after the
    /// connect's), so what the server does next is seen by the watch and not by the connect.
    /// </summary>
    private async Task WatchingAsync(Task dial)
    {
        await Eventually.HoldsAsync(() => _time.TimersCreated >= 2 || dial.IsCompleted, "the dialer to start its refusal window");
        Assert.False(dial.IsCompleted, $"The dial ended before the server did anything: {dial.Exception?.InnerException?.Message}");
    }

    [Fact]
    public async Task Dial_ControllerAcceptsAndResets_IsRefused()
    {
        var dial = NewDialer().DialAsync(_listener.Address, CancellationToken.None).AsTask();
        using (var accepted = await _listener.AcceptAsync())
        {
            await WatchingAsync(dial);
            accepted.LingerState = new LingerOption(true, 0);
        }

        var ex = await Assert.ThrowsAsync<ClusterDialException>(() => dial.DefaultTimeout());
        Assert.Equal("the controller reset the connection at once (full or draining)", ex.Message);
    }

    [Fact]
    public async Task Dial_ControllerAcceptsAndCloses_IsRefused()
    {
        var dial = NewDialer().DialAsync(_listener.Address, CancellationToken.None).AsTask();
        using (var accepted = await _listener.AcceptAsync())
        {
            await WatchingAsync(dial);
            accepted.Shutdown(SocketShutdown.Send);
        }

        var ex = await Assert.ThrowsAsync<ClusterDialException>(() => dial.DefaultTimeout());
        Assert.Equal("the controller closed the connection at once (full or draining)", ex.Message);
    }

    [Fact]
    public async Task Dial_ControllerSpeaksFirst_SucceedsAtOnceAndTheCallerReadsTheGreeting()
    {
        var dial = NewDialer().DialAsync(_listener.Address, CancellationToken.None).AsTask();
        using var accepted = await _listener.AcceptAsync();
        await accepted.SendAsync("HELLO\n"u8.ToArray(), SocketFlags.None).DefaultTimeout();

        // The clock never moved: the greeting alone ended the refusal window.
        await using var stream = await dial.DefaultTimeout();

        var greeting = new byte[6];
        await stream.ReadExactlyAsync(greeting).DefaultTimeout();
        Assert.Equal("HELLO\n", Encoding.ASCII.GetString(greeting));
    }

    [Fact]
    public async Task Dial_SilentController_SucceedsAfterTheRefusalWindowAndCarriesDataBothWays()
    {
        var dial = NewDialer().DialAsync(_listener.Address, CancellationToken.None).AsTask();
        using var accepted = await _listener.AcceptAsync();

        await WatchingAsync(dial);
        Assert.False(dial.IsCompleted, "A silent controller was decided on before the refusal window ended.");
        _time.Advance(RefusalWindow);
        await using var stream = await dial.DefaultTimeout();

        await stream.WriteAsync("ping"u8.ToArray()).DefaultTimeout();
        var received = new byte[4];
        var got = 0;
        while (got < received.Length)
        {
            got += await accepted.ReceiveAsync(received.AsMemory(got), SocketFlags.None).DefaultTimeout();
        }

        Assert.Equal("ping", Encoding.ASCII.GetString(received));
        await accepted.SendAsync("pong"u8.ToArray(), SocketFlags.None).DefaultTimeout();
        var answer = new byte[4];
        await stream.ReadExactlyAsync(answer).DefaultTimeout();
        Assert.Equal("pong", Encoding.ASCII.GetString(answer));
    }

    [Fact]
    public async Task Dial_RefusalWindowZero_ReturnsAsSoonAsConnected()
    {
        var dial = NewDialer(refusalWindow: TimeSpan.Zero).DialAsync(_listener.Address, CancellationToken.None).AsTask();
        using var accepted = await _listener.AcceptAsync();

        await using var stream = await dial.DefaultTimeout();

        Assert.True(stream.CanWrite);
    }

    [Fact]
    public async Task Dial_NoListener_IsConnectionRefused()
    {
        var ex = await Assert.ThrowsAsync<ClusterDialException>(() => NewDialer().DialAsync(LoopbackListener.DeadAddress(), CancellationToken.None).DefaultTimeout());

        Assert.Equal("connection refused: no controller listens there", ex.Message);
    }

    [Fact]
    public async Task Dial_AddressWithoutPort_IsRefusedWithTheReason()
    {
        var ex = await Assert.ThrowsAsync<ClusterDialException>(() => NewDialer().DialAsync("10.0.0.5", CancellationToken.None).DefaultTimeout());

        Assert.Contains("'10.0.0.5', which is not HOST:PORT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectTcp_OverLoopback_SkipsTheResettingControllerForTheLiveOne()
    {
        using var live = new LoopbackListener();
        var locators = new FakeHttpServers();
        var placements = new Queue<string>([_listener.Address, live.Address]);
        locators.Answer(LocatorAnswers.A, request => LocatorAnswers.Placement(request.RequestUri!.Query.Contains("exclude", StringComparison.Ordinal) ? "live" : "full", address: placements.Dequeue()));
        var options = new LocatorClientOptions { RefusalWindow = TimeSpan.FromSeconds(30) };
        options.Locators.Add(LocatorAnswers.A);
        using var client = new LocatorClient(options, new HttpClient(locators), new FakeTimeProvider(), dialer: null);

        var connect = client.ConnectTcpAsync("erp");
        using (var turnedAway = await _listener.AcceptAsync())
        {
            turnedAway.LingerState = new LingerOption(true, 0);
        }

        using var accepted = await live.AcceptAsync();
        await accepted.SendAsync("WELCOME\n"u8.ToArray(), SocketFlags.None).DefaultTimeout();
        await using var connection = await connect.DefaultTimeout();

        Assert.Equal("live", connection.Placement.ClusterId);
        Assert.Equal("full", Assert.Single(connection.FailedAttempts).ClusterId);
        Assert.NotNull(connection.Socket);
        var greeting = new byte[8];
        await connection.Stream.ReadExactlyAsync(greeting).DefaultTimeout();
        Assert.Equal("WELCOME\n", Encoding.ASCII.GetString(greeting));
    }
}
