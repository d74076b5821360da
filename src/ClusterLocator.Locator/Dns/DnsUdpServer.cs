using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Dns;

/// <summary>
/// DNS over UDP: a few receive loops on one socket, each reading a datagram, answering it through
/// <see cref="DnsResponder"/> and sending the answer, cut to the question with the TC bit when it is
/// larger than the client can take (512 bytes, or its EDNS payload size up to
/// <see cref="DnsResponder.UdpPayloadSize"/>), so the client asks again over TCP. A datagram that does
/// not parse is dropped: answering garbage would make the locator a reflector.
/// </summary>
internal sealed partial class DnsUdpServer(Socket socket, DnsResponder responder, ILogger logger)
{
    /// <summary>The largest query read; a longer datagram is cut, and then fails to parse.</summary>
    private const int MaxQueryBytes = 4096;

    /// <summary>What a client without EDNS may be sent (RFC 1035).</summary>
    private const int ClassicUdpSize = 512;

    private long _dropped;

    /// <summary>Datagrams dropped because they did not parse.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>How long a blocked receive waits before it looks whether it should stop.</summary>
    private static readonly TimeSpan StopCheck = TimeSpan.FromMilliseconds(250);

    /// <summary>The encoded answers to locate questions asked before.</summary>
    internal DnsAnswerCache Cache { get; } = new();

    /// <summary>
    /// Runs <paramref name="loops"/> receive loops, each on a thread of its own blocked in the kernel's
    /// receive (no readiness poll, no thread-pool hop per datagram), until <paramref name="token"/> is cancelled.
    /// </summary>
    public Task RunAsync(int loops, CancellationToken token)
    {
        socket.ReceiveTimeout = (int)StopCheck.TotalMilliseconds;
        return Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Factory.StartNew(() => ReceiveLoop(token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
    }

    private void ReceiveLoop(CancellationToken token)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxQueryBytes);
        var scratch = GC.AllocateUninitializedArray<byte>(DnsResponder.UdpPayloadSize);
        var from = new SocketAddress(socket.AddressFamily);
        var template = socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                received = socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // Nothing for a while (a look at the token), an ICMP error of an earlier answer, or a
                // datagram larger than the buffer: the next one.
                continue;
            }

            var answer = Answer(new ArraySegment<byte>(buffer, 0, received), (IPEndPoint)template.Create(from), scratch);
            if (answer.Count == 0)
            {
                continue;
            }

            try
            {
                socket.SendTo(answer, SocketFlags.None, from);
            }
            catch (SocketException)
            {
                // The client is gone or unreachable: UDP promises nothing more.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    /// <summary>The answer to one datagram; empty to send nothing.</summary>
    /// <remarks>
    /// A locate question asked before (<see cref="Cache"/>) is decided without parsing it again; when
    /// the decision chooses a cluster that already has an answer to it, that answer is copied into
    /// <paramref name="scratch"/> (or a new array) with the query's message id, and counted.
    /// </remarks>
    internal ArraySegment<byte> Answer(ArraySegment<byte> datagram, IPEndPoint remote, byte[]? scratch = null)
    {
        DnsDecision? decided = null;
        var cached = Cache.Find(datagram);
        if (cached is not null)
        {
            var decision = responder.Decide(cached.Name, remote);
            if (decision.IsPlaced && cached.AnswerFor(decision.Result) is { } bytes)
            {
                responder.Count(decision);
                var answer = scratch is not null && scratch.Length >= bytes.Length ? scratch : new byte[bytes.Length];
                bytes.CopyTo(answer, 0);
                answer[0] = datagram[0];
                answer[1] = datagram[1];
                return new ArraySegment<byte>(answer, 0, bytes.Length);
            }

            // Decided once: the answer is made from this decision.
            decided = decision;
        }

        DnsMessage query;
        try
        {
            query = DnsCodec.Parse(datagram);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _dropped);
            Log.Dropped(logger, remote, e);
            return default;
        }

        if (!query.IsQuery)
        {
            // Never answer an answer: two servers would bounce it between them for ever.
            return default;
        }

        var response = responder.Answer(query, remote, decided, out var located);
        var encoded = Fit(query, response);
        if (located.IsLocate && (cached ?? Cache.Add(datagram, located.Name)) is { } question && located.Placed.IsPlaced)
        {
            question.Add(located.Placed, [.. encoded]);
        }

        return encoded;
    }

    /// <summary>The encoded <paramref name="response"/>, or its header and question with the TC bit when it is larger than the client takes.</summary>
    private static ArraySegment<byte> Fit(DnsMessage query, DnsMessage response)
    {
        var encoded = DnsCodec.Encode(response);
        var limit = query.IsEDnsEnabled ? Math.Clamp((int)query.EDnsOptions!.UdpPayloadSize, ClassicUdpSize, DnsResponder.UdpPayloadSize) : ClassicUdpSize;
        if (encoded.Count <= limit)
        {
            return encoded;
        }

        // Too large for UDP: the header and the question, truncated, so the client asks over TCP.
        response.AnswerRecords.Clear();
        response.AuthorityRecords.Clear();
        response.AdditionalRecords.Clear();
        response.EDnsOptions?.Options.Clear();
        response.IsTruncated = true;
        return DnsCodec.Encode(response);
    }
}
