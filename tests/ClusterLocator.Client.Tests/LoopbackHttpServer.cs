using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ClusterLocator.Testing;

namespace ClusterLocator.Client.Tests;

/// <summary>
/// The smallest HTTP/1.1 server over a real loopback socket, one request per connection: it reads
/// the request and writes whatever bytes the test gives for it, then closes. Raw bytes let a test
/// play a server that misbehaves (cuts its answer short) as well as one that behaves.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<ReceivedRequest, byte[]> _respond;
    private readonly Task _acceptLoop;
    private int _requests;

    public LoopbackHttpServer(Func<ReceivedRequest, byte[]> respond)
    {
        _respond = respond;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");
        _acceptLoop = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>Requests answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers 200 with "METHOD TARGET BODY": proof of what arrived.</summary>
    public static LoopbackHttpServer Echo() => new(r => Response("200 OK", $"{r.Method} {r.Target} {r.Body}"));

    /// <summary>A full controller's HTTP front door: 503 with <c>ClusterLocator-Relocate</c>.</summary>
    public static LoopbackHttpServer Relocating() => new(_ => Response("503 Service Unavailable", string.Empty, "ClusterLocator-Relocate: full"));

    public static byte[] Response(string status, string body, params string[] headers)
    {
        var content = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder($"HTTP/1.1 {status}\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {content.Length}\r\nConnection: close\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. content];
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = AnswerAsync(connection);
        }
    }

    private async Task AnswerAsync(Socket connection)
    {
        using (connection)
        using (var stream = new NetworkStream(connection))
        {
            try
            {
                var head = new StringBuilder();
                var one = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                {
                    if (await stream.ReadAsync(one, _stop.Token) == 0)
                    {
                        return;
                    }

                    head.Append((char)one[0]);
                }

                var lines = head.ToString().Split("\r\n");
                var length = lines
                    .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
                    .FirstOrDefault();
                var body = new byte[length];
                await stream.ReadExactlyAsync(body, _stop.Token);
                var requestLine = lines[0].Split(' ');
                var response = _respond(new ReceivedRequest(requestLine[0], requestLine[1], Encoding.UTF8.GetString(body), [.. lines.Skip(1).Where(l => l.Length > 0)]));
                Interlocked.Increment(ref _requests);
                await stream.WriteAsync(response, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // The client went away or the test is over.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _acceptLoop.DefaultTimeout();
        _stop.Dispose();
    }
}

/// <summary>A request as it arrived: method, request target (path and query), body, header lines.</summary>
internal sealed record ReceivedRequest(string Method, string Target, string Body, IReadOnlyList<string> Headers);
