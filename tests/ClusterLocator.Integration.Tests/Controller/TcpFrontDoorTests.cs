using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Controller;

/// <summary>The layer-4 front door: real client sockets through a real controller to real echo members.</summary>
public sealed class TcpFrontDoorTests
{
    private const int BigTransfer = 64 * 1024 * 1024;

    private static Task<TestController> StartAsync(params string[] members) =>
        TestController.StartAsync(options =>
        {
            foreach (var member in members)
            {
                options.Members.Add(member);
            }

            // Reporting is not what these tests are about: a locator that refuses is enough.
            options.Locators.Add(LoopbackPorts.DeadUrl());
        });

    [Fact]
    public async Task TcpFrontDoor_Bytes_RoundTripThroughTheMember()
    {
        await using var echo = EchoServer.Start();
        await using var controller = await StartAsync(echo.Address);
        using var client = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);

        await client.AssertEchoesAsync("hello, cluster");
        await client.AssertEchoesAsync("a second message on the same session");

        client.Shutdown(SocketShutdown.Send);
        var (rest, reset) = await client.ReceiveUntilClosedAsync();
        Assert.Empty(rest);
        Assert.False(reset, "The session should end with a FIN, not a reset.");
        var atMember = Assert.Single(echo.Completed);
        Assert.Equal("hello, cluster".Length + "a second message on the same session".Length, atMember.Bytes);
    }

    [Fact]
    public async Task TcpFrontDoor_64MiBTransfer_ArrivesIntactBothWays()
    {
        await using var echo = EchoServer.Start();
        await using var controller = await StartAsync(echo.Address);
        var payload = new byte[BigTransfer];
        new Random(20260101).NextBytes(payload);
        var sentHash = SHA256.HashData(payload);
        using var client = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);

        // Read while writing: the echo comes back as it goes out, and back-pressure must not deadlock.
        var receiving = Task.Run(async () =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[256 * 1024];
            long total = 0;
            while (true)
            {
                var read = await client.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).DefaultTimeout();
                if (read == 0)
                {
                    return (Total: total, Hash: hash.GetHashAndReset());
                }

                total += read;
                hash.AppendData(buffer, 0, read);
            }
        });
        for (var offset = 0; offset < payload.Length; offset += 1024 * 1024)
        {
            await client.SendAllAsync(payload.AsMemory(offset, 1024 * 1024));
        }

        client.Shutdown(SocketShutdown.Send);
        var (total, receivedHash) = await receiving.DefaultTimeout();

        // Upstream: the member got exactly the client's bytes.
        var atMember = Assert.Single(echo.Completed);
        Assert.Equal(BigTransfer, atMember.Bytes);
        Assert.Equal(Convert.ToHexString(sentHash), Convert.ToHexString(atMember.Sha256));

        // Downstream: the client got exactly the member's bytes back.
        Assert.Equal(BigTransfer, total);
        Assert.Equal(Convert.ToHexString(sentHash), Convert.ToHexString(receivedHash));
    }

    [Fact]
    public async Task TcpFrontDoor_ClientHalfCloses_StillReceivesTheWholeEchoThenEof()
    {
        // This member answers only once it has seen the client's end: the FIN must cross the proxy
        // while the way back stays open.
        await using var echo = EchoServer.Start(replyAfterEof: true);
        await using var controller = await StartAsync(echo.Address);
        var request = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i}\n")));
        using var client = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);

        await client.SendAllAsync(request);
        client.Shutdown(SocketShutdown.Send);
        var (reply, reset) = await client.ReceiveUntilClosedAsync();

        Assert.False(reset, "The reply should end with a FIN after the whole echo, not a reset.");
        Assert.Equal(request.Length, reply.Length);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(request)), Convert.ToHexString(SHA256.HashData(reply)));
    }

    [Fact]
    public async Task TcpFrontDoor_MemberRefuses_SessionGoesToTheNextMember()
    {
        await using var echo = EchoServer.Start();
        var refusing = $"127.0.0.1:{LoopbackPorts.Free()}";

        // Probed once at start only: one failure does not mark a member down, so the refusing member
        // stays a candidate and every session must fall back from it at connect time.
        await using var controller = await TestController.StartAsync(options =>
        {
            options.Members.Add(refusing);
            options.Members.Add(echo.Address);
            options.ProbeInterval = TimeSpan.FromHours(1);
            options.Locators.Add(LoopbackPorts.DeadUrl());
        });
        var sessions = new List<Socket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var session = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
                sessions.Add(session);
                await session.AssertEchoesAsync($"session {i}");
            }
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task TcpFrontDoor_MemberResets_ClientConnectionEnds()
    {
        await using var echo = EchoServer.Start();
        await using var controller = await StartAsync(echo.Address);
        using var client = await LoopbackSocket.ConnectAsync(controller.TcpEndPoint!);
        await client.AssertEchoesAsync("before the crash");

        echo.ResetAll();

        var (data, _) = await client.ReceiveUntilClosedAsync();
        Assert.Empty(data);
    }
}
