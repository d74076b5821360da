using System.Net;
using System.Net.Sockets;
using ClusterLocator.Controller.Members;
using ClusterLocator.Controller.Tcp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Controller.Tests.Tcp;

/// <summary>The idle sweep on a fake clock, over real loopback sockets: a member that accepts and says nothing.</summary>
public sealed class TcpFrontDoorIdleTests : IAsyncLifetime
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(1);
    private readonly Socket _member = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly FakeTimeProvider _time = new();
    private readonly SessionGate _gate = new(10);
    private TcpFrontDoor _frontDoor = null!;

    public async Task InitializeAsync()
    {
        _member.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _member.Listen(16);
        var members = new MemberSet([$"127.0.0.1:{((IPEndPoint)_member.LocalEndPoint!).Port}"]);
        _frontDoor = new TcpFrontDoor(new IPEndPoint(IPAddress.Loopback, 0), _gate, members, IdleTimeout, _time, NullLogger<TcpFrontDoor>.Instance);
        await _frontDoor.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _frontDoor.StopAsync(CancellationToken.None);
        _frontDoor.Dispose();
        _member.Dispose();
        _gate.Dispose();
    }

    [Fact]
    public async Task SilentSession_ClosedOnceIdleForTheTimeout_NotBefore()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(_frontDoor.LocalEndPoint!).WaitAsync(TimeSpan.FromSeconds(10));
        using var atMember = await _member.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await WaitAsync(() => _frontDoor.OpenSessions.Count == 1, "the session to open");

        // A byte resets the idle clock; then a silence just short of the timeout keeps the session.
        _time.Advance(IdleTimeout - TimeSpan.FromSeconds(1));
        await client.SendAsync(new byte[] { 1 });
        await atMember.ReceiveAsync(new byte[1]).WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(IdleTimeout - TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        Assert.Single(_frontDoor.OpenSessions);
        Assert.Equal(1, _gate.Live);

        // Silent for longer than the timeout: the next sweep closes it and frees its place.
        _time.Advance(TcpFrontDoor.SweepPeriod(IdleTimeout) * 2);

        var read = await client.ReceiveAsync(new byte[1]).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, read);
        await WaitAsync(() => _gate.Live == 0, "the session's place to be freed");
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var limit = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < limit, $"Waited 10s for {what}.");
            await Task.Delay(10);
        }
    }
}
