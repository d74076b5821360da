using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ClusterLocator.Testing;

/// <summary>
/// An HTTP server over a real loopback socket that gives every request the same raw bytes, one
/// request per connection, as a hostile or broken locator would; it keeps the request heads.
/// </summary>
public sealed class CannedHttpServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly byte[] _answer;
    private readonly List<string> _heads = [];
    private readonly Task _accept;

    /// <summary>Answers every request with <paramref name="rawAnswer"/>, status line to body, as given.</summary>
    public CannedHttpServer(string rawAnswer)
    {
        _answer = Encoding.UTF8.GetBytes(rawAnswer);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");
        _accept = AcceptAsync();
    }

    /// <summary>The server's base URL, ending in a slash.</summary>
    public Uri Url { get; }

    /// <summary>The request heads received so far (request line and headers), in order.</summary>
    public IReadOnlyList<string> Heads
    {
        get
        {
            lock (_heads)
            {
                return [.. _heads];
            }
        }
    }

    /// <summary>Requests received so far.</summary>
    public int Requests => Heads.Count;

    /// <summary>A complete answer: <paramref name="status"/> such as <c>200 OK</c>, the content type, the body.</summary>
    public static string Answer(string status, string contentType, string body) => string.Create(
        CultureInfo.InvariantCulture,
        $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");

    private async Task AcceptAsync()
    {
        while (true)
        {
            try
            {
                using var connection = await _listener.AcceptAsync();
                using var stream = new NetworkStream(connection);
                var head = new StringBuilder();
                var one = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
                {
                    head.Append((char)one[0]);
                }

                lock (_heads)
                {
                    _heads.Add(head.ToString());
                }

                await stream.WriteAsync(_answer);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (IOException)
            {
                // The client hung up on the answer.
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _accept.DefaultTimeout();
    }
}
