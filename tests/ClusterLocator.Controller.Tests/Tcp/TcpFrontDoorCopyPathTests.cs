using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ClusterLocator.Controller.Members;
using ClusterLocator.Controller.Tcp;
using ClusterLocator.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Controller.Tests.Tcp;

/// <summary>
/// Both ways of moving a session's bytes, over real loopback sockets: Linux's splice path (sessions
/// that carry bulk move on to it) and the portable copy other systems use, which tests force here.
/// Each test runs on both, and says which one carried the bytes.
/// </summary>
public sealed class TcpFrontDoorCopyPathTests
{
    private const int Payload = 8 * 1024 * 1024;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(1);

    private static bool[] SplicePaths => LinuxSplice.IsSupported ? [true, false] : [false];

    public static TheoryData<bool> Paths => new(SplicePaths);

    public static TheoryData<bool, bool> PathsAndResettingSides
    {
        get
        {
            var data = new TheoryData<bool, bool>();
            foreach (var splice in SplicePaths)
            {
                data.Add(splice, true);
                data.Add(splice, false);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task BulkBothWays_ArrivesByteExact_HalfClosePassesThrough_OnTheExpectedPath(bool splice)
    {
        await using var door = await Door.StartAsync(splice);
        using var client = await door.ConnectAsync();
        using var member = await door.AcceptAsync();
        var up = RandomBytes(1);
        var down = RandomBytes(2);

        // Up, then the client's FIN: the member sees every byte and then the end, while its own way stays open.
        var memberReads = ReceiveToEndAsync(member);
        await client.SendAsync(up).DefaultTimeout();
        client.Shutdown(SocketShutdown.Send);
        var (upBytes, upHash) = await memberReads.DefaultTimeout();
        Assert.Equal(Payload, upBytes);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(up)), Convert.ToHexString(upHash));

        // Down on the half-closed session, then the member's FIN.
        var clientReads = ReceiveToEndAsync(client);
        await member.SendAsync(down).DefaultTimeout();
        member.Shutdown(SocketShutdown.Send);
        var (downBytes, downHash) = await clientReads.DefaultTimeout();
        Assert.Equal(Payload, downBytes);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(down)), Convert.ToHexString(downHash));

        await Eventually.HoldsAsync(() => door.Gate.Live == 0, "the session to end and free its place");
        Assert.Equal(splice ? 2 : 0, door.FrontDoor.SplicedDirections);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task SmallExchanges_StayOnTheCopy(bool splice)
    {
        await using var door = await Door.StartAsync(splice);
        using var client = await door.ConnectAsync();
        using var member = await door.AcceptAsync();
        var buffer = new byte[64];

        for (var i = 0; i < 100; i++)
        {
            await client.SendAsync(buffer).DefaultTimeout();
            await ReceiveExactlyAsync(member, buffer);
            await member.SendAsync(buffer).DefaultTimeout();
            await ReceiveExactlyAsync(client, buffer);
        }

        Assert.Equal(0, Assert.Single(door.FrontDoor.OpenSessions).SplicedDirections);
    }

    [Theory]
    [MemberData(nameof(PathsAndResettingSides))]
    public async Task OneSideResetsDuringBulk_TheOtherSideEnds_SessionFreed(bool splice, bool memberResets)
    {
        await using var door = await Door.StartAsync(splice);
        var client = await door.ConnectAsync();
        var member = await door.AcceptAsync();
        await StartBulkDownAsync(door, member, client, splice);
        var (resetting, other) = memberResets ? (member, client) : (client, member);

        resetting.LingerState = new LingerOption(true, 0);
        resetting.Dispose();

        await AssertEndsAsync(other);
        other.Dispose();
        await Eventually.HoldsAsync(() => door.Gate.Live == 0, "the reset session to free its place");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task BulkKeepsTheSessionAlive_SilenceThenClosesIt(bool splice)
    {
        await using var door = await Door.StartAsync(splice);
        using var client = await door.ConnectAsync();
        using var member = await door.AcceptAsync();
        await StartBulkDownAsync(door, member, client, splice);

        // Bytes that cross the pipe count as activity: a silence just short of the timeout after them keeps the session.
        door.Time.Advance(IdleTimeout - TimeSpan.FromSeconds(1));
        var received = ReceiveExactlyAsync(client, new byte[Payload]);
        await member.SendAsync(RandomBytes(3)).DefaultTimeout();
        await received;
        door.Time.Advance(IdleTimeout - TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        Assert.Single(door.FrontDoor.OpenSessions);

        door.Time.Advance(TcpFrontDoor.SweepPeriod(IdleTimeout) * 2);
        await AssertEndsAsync(client);
        await Eventually.HoldsAsync(() => door.Gate.Live == 0, "the idle session to free its place");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task UrgentByteDuringBulk_IsSteppedOver_TheBytesAfterItArriveInOrder(bool splice)
    {
        await using var door = await Door.StartAsync(splice);
        using var client = await door.ConnectAsync();
        using var member = await door.AcceptAsync();
        await StartBulkDownAsync(door, member, client, splice);

        // An urgent (out-of-band) byte, then more: splice stops at the mark, so the door must step
        // over it as an ordinary receive does, neither stalling nor spinning; the byte is not part of
        // the stream, and everything after it arrives.
        await member.SendAsync(new byte[] { 0x7F }, SocketFlags.OutOfBand).DefaultTimeout();
        var after = RandomBytes(5).AsMemory(0, 256 * 1024);
        var clientReads = ReceiveToEndAsync(client);
        await member.SendAsync(after).DefaultTimeout();
        member.Shutdown(SocketShutdown.Send);

        var (bytes, hash) = await clientReads.DefaultTimeout();
        Assert.Equal(after.Length, bytes);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(after.Span)), Convert.ToHexString(hash));
    }

    /// <summary>Sends bulk from the member until it crosses the door, and on the splice path until the session has moved on to it.</summary>
    private static async Task StartBulkDownAsync(Door door, Socket member, Socket client, bool splice)
    {
        await door.WaitOpenAsync();
        var chunk = RandomBytes(4).AsMemory(0, 1024 * 1024);
        await member.SendAsync(chunk).DefaultTimeout();
        await ReceiveExactlyAsync(client, new byte[chunk.Length]);
        Assert.Equal(splice ? 1 : 0, Assert.Single(door.FrontDoor.OpenSessions).SplicedDirections);
    }

    private static async Task AssertEndsAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).DefaultTimeout() > 0)
            {
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            // A reset ends it as well as a FIN does.
        }
    }

    private static byte[] RandomBytes(int seed)
    {
        var bytes = new byte[Payload];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer)
    {
        for (var received = 0; received < buffer.Length;)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None).DefaultTimeout();
            Assert.True(read > 0, $"The connection ended after {received} of {buffer.Length} bytes.");
            received += read;
        }
    }

    private static async Task<(long Bytes, byte[] Hash)> ReceiveToEndAsync(Socket socket)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[256 * 1024];
        long total = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).DefaultTimeout()) > 0)
        {
            total += read;
            hash.AppendData(buffer, 0, read);
        }

        return (total, hash.GetHashAndReset());
    }

    /// <summary>A front door on a fake clock in front of one member socket the test accepts from itself.</summary>
    private sealed class Door : IAsyncDisposable
    {
        private readonly Socket _member = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        private Door(bool splice)
        {
            _member.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _member.Listen(16);
            var members = new MemberSet([$"127.0.0.1:{((IPEndPoint)_member.LocalEndPoint!).Port}"]);
            FrontDoor = new TcpFrontDoor(new IPEndPoint(IPAddress.Loopback, 0), Gate, members, IdleTimeout, Time, NullLogger<TcpFrontDoor>.Instance)
            {
                Splice = splice,
            };
        }

        public FakeTimeProvider Time { get; } = new();

        public SessionGate Gate { get; } = new(10);

        public TcpFrontDoor FrontDoor { get; }

        public static async Task<Door> StartAsync(bool splice)
        {
            var door = new Door(splice);
            await door.FrontDoor.StartAsync(CancellationToken.None);
            return door;
        }

        public async Task<Socket> ConnectAsync()
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(FrontDoor.LocalEndPoint!).DefaultTimeout();
            return client;
        }

        public Task<Socket> AcceptAsync() => _member.AcceptAsync().DefaultTimeout();

        public Task WaitOpenAsync() => Eventually.HoldsAsync(() => FrontDoor.OpenSessions.Count == 1, "the session to open");

        public async ValueTask DisposeAsync()
        {
            await FrontDoor.StopAsync(CancellationToken.None);
            FrontDoor.Dispose();
            _member.Dispose();
            Gate.Dispose();
        }
    }
}
