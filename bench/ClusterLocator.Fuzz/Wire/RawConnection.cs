using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ClusterLocator.Fuzz.Wire;

/// <summary>
/// One keep-alive TCP connection to the locator for requests written byte by byte, and a small
/// HTTP/1.1 response reader (status line, <c>Content-Length</c> or chunked body, 1xx skipped).
/// Reconnects when the locator closed the last one.
/// </summary>
internal sealed class RawConnection(IPEndPoint endPoint) : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _socket;
    private int _start;
    private int _end;

    /// <summary>
    /// Sends <paramref name="request"/> and reads one response, then closes the connection with
    /// <paramref name="endsConnection"/>. With <paramref name="halfClose"/> the sending side is shut
    /// down after the request, so a locator waiting for more body sees its end.
    /// </summary>
    public async Task<RawResponse> ExchangeAsync(byte[] request, bool endsConnection, bool halfClose, bool isHead, CancellationToken cancellationToken)
    {
        var socket = _socket ??= await ConnectAsync(cancellationToken);
        _start = _end = 0;
        RawResponse response;
        try
        {
            var sending = SendAsync(socket, request, halfClose, cancellationToken);
            response = await ReadResponseAsync(socket, isHead, cancellationToken);

            // The locator may answer (413, 400) before reading all of a large body and close: what
            // counts is the answer, not whether the rest of the body could still be written.
            try
            {
                await sending;
            }
            catch (SocketException) when (response.Status != 0)
            {
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            response = RawResponse.None(ex.Message);
        }

        if (endsConnection || !response.KeepAlive)
        {
            Close();
        }

        return response;
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private static async Task SendAsync(Socket socket, byte[] request, bool shutdown, CancellationToken cancellationToken)
    {
        await socket.SendAsync(request, SocketFlags.None, cancellationToken);
        if (shutdown)
        {
            socket.Shutdown(SocketShutdown.Send);
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

        // Closed with a reset, so a million short connections leave no TIME_WAIT behind to run the
        // ephemeral ports out.
        socket.LingerState = new LingerOption(true, 0);
        await socket.ConnectAsync(endPoint, cancellationToken);
        return socket;
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private async Task<RawResponse> ReadResponseAsync(Socket socket, bool isHead, CancellationToken cancellationToken)
    {
        while (true)
        {
            var head = await ReadLineBlockAsync(socket, cancellationToken);
            if (head is null)
            {
                return RawResponse.None(_end == 0 ? "closed without answering" : "closed inside a response head");
            }

            var lines = head.Split("\r\n");
            var status = lines[0].Split(' ');
            if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                return RawResponse.None($"not an HTTP/1.1 answer: {Generation.Printable.Of(Encoding.Latin1.GetBytes(lines[0]), 80)}");
            }

            if (code is >= 100 and < 200)
            {
                continue;
            }

            long? length = null;
            var chunked = false;
            var keepAlive = status[0] == "HTTP/1.1";
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    length = long.Parse(value, CultureInfo.InvariantCulture);
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
                }
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                {
                    keepAlive &= !value.Contains("close", StringComparison.OrdinalIgnoreCase);
                }
            }

            if (isHead || code is 204 or 304)
            {
                return new RawResponse(code, keepAlive, [], null);
            }

            var body = chunked
                ? await ReadChunkedAsync(socket, cancellationToken)
                : length is { } n ? await ReadExactlyAsync(socket, checked((int)n), cancellationToken) : null;
            return body is null
                ? new RawResponse(code, false, [], "closed inside the body")
                : new RawResponse(code, keepAlive && (chunked || length is not null), body, null);
        }
    }

    /// <summary>Reads up to and including the blank line that ends a head (or a chunk-size line when <paramref name="oneLine"/>).</summary>
    private async Task<string?> ReadLineBlockAsync(Socket socket, CancellationToken cancellationToken, bool oneLine = false)
    {
        var terminator = oneLine ? "\r\n"u8.ToArray() : "\r\n\r\n"u8.ToArray();
        while (true)
        {
            var found = _buffer.AsSpan(_start, _end - _start).IndexOf(terminator);
            if (found >= 0)
            {
                var text = Encoding.Latin1.GetString(_buffer, _start, found);
                _start += found + terminator.Length;
                return text;
            }

            if (!await FillAsync(socket, cancellationToken))
            {
                return null;
            }
        }
    }

    private async Task<byte[]?> ReadExactlyAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        var body = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end && !await FillAsync(socket, cancellationToken))
            {
                return null;
            }

            var n = Math.Min(count - copied, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(body.AsSpan(copied));
            _start += n;
            copied += n;
        }

        return body;
    }

    private async Task<byte[]?> ReadChunkedAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineBlockAsync(socket, cancellationToken, oneLine: true);
            if (sizeLine is null || !int.TryParse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size))
            {
                return null;
            }

            if (size == 0)
            {
                // Trailers, if any, end with a blank line.
                while (await ReadLineBlockAsync(socket, cancellationToken, oneLine: true) is { Length: > 0 })
                {
                }

                return body.ToArray();
            }

            var chunk = await ReadExactlyAsync(socket, size + 2, cancellationToken);
            if (chunk is null)
            {
                return null;
            }

            body.Write(chunk, 0, size);
        }
    }

    /// <summary>Reads more bytes after the unread ones; false at the end of the stream.</summary>
    private async Task<bool> FillAsync(Socket socket, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new IOException("A response head is larger than 64 KiB.");
        }

        var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        _end += read;
        return read > 0;
    }
}
