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

    /// <summary>Runs <paramref name="loops"/> receive loops until <paramref name="token"/> is cancelled.</summary>
    public Task RunAsync(int loops, CancellationToken token) =>
        Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(() => ReceiveLoopAsync(token), CancellationToken.None)));

    private async Task ReceiveLoopAsync(CancellationToken token)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxQueryBytes, pinned: true);
        var from = new SocketAddress(socket.AddressFamily);
        var template = socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error of an earlier answer, or a datagram larger than the buffer: the next one.
                continue;
            }

            var answer = Answer(new ArraySegment<byte>(buffer, 0, received), (IPEndPoint)template.Create(from));
            if (answer.Count == 0)
            {
                continue;
            }

            try
            {
                await socket.SendToAsync(answer, SocketFlags.None, from, token);
            }
            catch (SocketException)
            {
                // The client is gone or unreachable: UDP promises nothing more.
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    /// <summary>The answer to one datagram; empty to send nothing.</summary>
    internal ArraySegment<byte> Answer(ArraySegment<byte> datagram, IPEndPoint remote)
    {
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

        var response = responder.Answer(query, remote);
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
