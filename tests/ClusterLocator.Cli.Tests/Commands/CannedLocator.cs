using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ClusterLocator.Testing;

namespace ClusterLocator.Cli.Tests.Commands;

/// <summary>
/// A locator over a real loopback socket that gives every request the same canned answer (as a
/// hostile one would) and keeps the request heads it received.
/// </summary>
internal sealed class CannedLocator : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly byte[] _answer;
    private readonly List<string> _heads = [];
    private readonly Task _accept;

    public CannedLocator(string status, string contentType, string body)
    {
        var content = Encoding.UTF8.GetBytes(body);
        _answer = [.. Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n")), .. content];
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(8);
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";
        _accept = AcceptAsync();
    }

    public string Url { get; }

    /// <summary>The request heads received, request line and headers.</summary>
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
                // The client went away.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _accept.DefaultTimeout();
    }
}
