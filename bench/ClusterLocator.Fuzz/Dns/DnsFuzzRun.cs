using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ClusterLocator.Fuzz.Dns;

/// <summary>
/// Sends <see cref="DnsPackets"/> to a locator's DNS interface: over UDP, and every
/// <c>batch</c> packets a few over one TCP connection (framed, and with lying lengths); after each
/// batch, a well-formed probe over UDP and over TCP that must be answered. A locator that crashed,
/// hung or stopped reading fails the probes.
/// </summary>
internal static class DnsFuzzRun
{
    private const int TcpPacketsPerBatch = 32;
    // A UDP probe is sent again after a second (a datagram may be lost under the flood), up to
    // ProbeAttempts times; a TCP probe has the whole of it.
    private const int ProbeAttempts = 10;
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    public static async Task<DnsFuzzOutcome> RunAsync(IPEndPoint server, long packets, int seed, int batch, TextWriter? progress, CancellationToken token)
    {
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        using var udp = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(server);
        long answers = 0, probes = 0, unanswered = 0, sent = 0;
        using var draining = CancellationTokenSource.CreateLinkedTokenSource(token);
        var drain = Task.Run(async () =>
        {
            var buffer = new byte[65535];
            while (!draining.IsCancellationRequested)
            {
                try
                {
                    await udp.ReceiveAsync(buffer, SocketFlags.None, draining.Token);
                    Interlocked.Increment(ref answers);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (SocketException)
                {
                    // The port unreachable of a datagram sent while the locator restarted: counted by the probes.
                }
            }
        }, CancellationToken.None);

        while (sent < packets && !token.IsCancellationRequested)
        {
            var end = Math.Min(packets, sent + batch);
            for (; sent < end; sent++)
            {
                await udp.SendAsync(DnsPackets.Next(random), SocketFlags.None, token);
                if (sent % 64 == 63)
                {
                    // Paced, so that most fuzzed datagrams are read rather than dropped by a full socket buffer.
                    await Task.Delay(1, token);
                }
            }

            await SendTcpAsync(server, random, token);
            sent += TcpPacketsPerBatch;
            probes += 2;
            unanswered += (await ProbeUdpAsync(server, 1, token) ? 0 : 1) + (await ProbeTcpAsync(server, token) ? 0 : 1);
            progress?.WriteLine($"dns: {sent} packets, {Interlocked.Read(ref answers)} answers, {unanswered} of {probes} probes unanswered, {clock.Elapsed.TotalSeconds:0}s");
        }

        await draining.CancelAsync();
        await drain;
        return new DnsFuzzOutcome(sent, Interlocked.Read(ref answers), probes, unanswered, clock.Elapsed.TotalSeconds);
    }

    private static async Task SendTcpAsync(IPEndPoint server, Random random, CancellationToken token)
    {
        using var tcp = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await tcp.ConnectAsync(server, token);
            for (var i = 0; i < TcpPacketsPerBatch; i++)
            {
                var packet = DnsPackets.Next(random);
                var prefix = new byte[2];
                // Mostly the true length; sometimes one that promises more, or less, than follows.
                BinaryPrimitives.WriteUInt16BigEndian(prefix, random.Next(8) == 0 ? (ushort)random.Next(65536) : (ushort)packet.Length);
                await tcp.SendAsync(prefix, SocketFlags.None, token);
                await tcp.SendAsync(packet, SocketFlags.None, token);
            }
        }
        catch (SocketException)
        {
            // The locator closed the connection on a frame it could not read: what it should do.
        }
    }

    private static async Task<bool> ProbeUdpAsync(IPEndPoint server, ushort id, CancellationToken token)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server);
        var buffer = new byte[4096];
        for (var attempt = 0; attempt < ProbeAttempts; attempt++)
        {
            await socket.SendAsync(DnsPackets.Query("_probe._tcp.locator.", 33, id, edns: true), SocketFlags.None, token);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
            wait.CancelAfter(ProbeTimeout);
            try
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
                if (n >= 12 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException && !token.IsCancellationRequested)
            {
                // Lost, or not answered in time: once more.
            }
        }

        return false;
    }

    private static async Task<bool> ProbeTcpAsync(IPEndPoint server, CancellationToken token)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
        wait.CancelAfter(ProbeTimeout * ProbeAttempts);
        using var tcp = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await tcp.ConnectAsync(server, wait.Token);
            var query = DnsPackets.Query("_probe._tcp.locator.", 33, 4242, edns: false);
            var framed = new byte[query.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
            query.CopyTo(framed, 2);
            await tcp.SendAsync(framed, SocketFlags.None, wait.Token);
            var answer = new byte[4096];
            var read = 0;
            while (read < 4)
            {
                var n = await tcp.ReceiveAsync(answer.AsMemory(read), SocketFlags.None, wait.Token);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            return BinaryPrimitives.ReadUInt16BigEndian(answer.AsSpan(2)) == 4242;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException && !token.IsCancellationRequested)
        {
            return false;
        }
    }
}
