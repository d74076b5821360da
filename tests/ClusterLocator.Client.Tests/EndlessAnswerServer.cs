using System.Net;
using System.Net.Sockets;
using System.Text;
using ClusterLocator.Testing;

namespace ClusterLocator.Client.Tests;

/// <summary>
/// A hostile locator over a real loopback socket: it answers 200 and then sends JSON-looking bytes
/// without end (or a declared length it never reaches), until the client hangs up. Counts what it
/// got onto the wire, so a test can tell the client stopped reading.
/// </summary>
internal sealed class EndlessAnswerServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly TaskCompletionSource _hungUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long? _declaredLength;
    private readonly Task _serve;
    private long _sent;

    /// <param name="declaredLength">The Content-Length to claim; null sends none and closes never.</param>
    public EndlessAnswerServer(long? declaredLength = null)
    {
        _declaredLength = declaredLength;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(4);
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");
        _serve = ServeAsync();
    }

    public Uri Url { get; }

    /// <summary>Body bytes written before the client hung up.</summary>
    public long BytesSent => Interlocked.Read(ref _sent);

    /// <summary>Completes when the client closed the connection under the answer.</summary>
    public Task HungUp => _hungUp.Task;

    private async Task ServeAsync()
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

            var length = _declaredLength is { } declared ? $"Content-Length: {declared}\r\n" : "Connection: close\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}\r\n"));
            var chunk = Encoding.ASCII.GetBytes("[" + new string(' ', 64 * 1024 - 1));
            while (true)
            {
                await stream.WriteAsync(chunk);
                Interlocked.Add(ref _sent, chunk.Length);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            _hungUp.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _serve.DefaultTimeout();
    }
}
