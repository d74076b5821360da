using System.Net;
using System.Net.Sockets;
using System.Text;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>
/// One HTTP/1.1 connection written and read by hand, so a test sees exactly which connection a
/// request went over and when that connection ends, which <see cref="HttpClient"/> hides. It reads
/// answers framed by <c>Content-Length</c> or chunked, as <see cref="HttpMember"/> and the front door send them.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly StringBuilder _pending = new();

    private RawHttpConnection(Socket socket) => Socket = socket;

    public Socket Socket { get; }

    public static async Task<RawHttpConnection> OpenAsync(Uri address) =>
        new(await LoopbackSocket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, address.Port)));

    /// <summary>Sends a GET for <paramref name="path"/> and returns the answer's status line, header block and body.</summary>
    public async Task<RawHttpAnswer> GetAsync(string path)
    {
        await Socket.SendAllAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: front-door\r\n\r\n"));
        return await ReadAnswerAsync();
    }

    /// <summary>Reads one whole answer.</summary>
    public async Task<RawHttpAnswer> ReadAnswerAsync()
    {
        var headEnd = await FillUntilAsync(() => _pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal) is var i and >= 0 ? i + 4 : -1);
        var head = _pending.ToString(0, headEnd);
        _pending.Remove(0, headEnd);
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        string body;
        if (headers.TryGetValue("Content-Length", out var length))
        {
            var count = int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
            await FillUntilAsync(() => _pending.Length >= count ? count : -1);
            body = _pending.ToString(0, count);
            _pending.Remove(0, count);
        }
        else
        {
            var end = await FillUntilAsync(() => _pending.ToString().IndexOf("0\r\n\r\n", StringComparison.Ordinal) is var i and >= 0 ? i + 5 : -1);
            body = Unchunk(_pending.ToString(0, end));
            _pending.Remove(0, end);
        }

        return new RawHttpAnswer(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, body);
    }

    public void Dispose() => Socket.Dispose();

    private async Task<int> FillUntilAsync(Func<int> found)
    {
        while (found() is var at && at < 0)
        {
            var read = await Socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None).AsTask().DefaultTimeout();
            if (read == 0)
            {
                throw new IOException($"The connection ended in the middle of an answer; received: {_pending}");
            }

            _pending.Append(Encoding.ASCII.GetString(_buffer, 0, read));
        }

        return found();
    }

    private static string Unchunk(string chunked)
    {
        var body = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}

/// <summary>An answer read by <see cref="RawHttpConnection"/>.</summary>
internal sealed record RawHttpAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The first word of an <see cref="HttpMember"/>'s answer: the member's name.</summary>
    public string Member => Body.Split(' ')[0];
}
