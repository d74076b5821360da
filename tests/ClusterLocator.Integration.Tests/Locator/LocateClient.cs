using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>
/// One client of a locator, as fairness tells clients apart: by the bearer token it sends, or by its
/// source address, which it binds in 127.0.0.0/8 so that two clients on this machine are two addresses.
/// </summary>
internal sealed class LocateClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string? _token;

    public LocateClient(Uri locator, string? token = null, IPAddress? source = null)
    {
        _token = token;
        var handler = new SocketsHttpHandler();
        if (source is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        _http = new HttpClient(handler) { BaseAddress = locator, Timeout = TimeoutExtensions.DefaultTimeoutTimeSpan };
    }

    public async Task<HttpResponseMessage> LocateAsync(string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/locate?{query}");
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        return await _http.SendAsync(request).DefaultTimeout();
    }

    public async Task<LocateResponse> LocateOkAsync(string query)
    {
        using var response = await LocateAsync(query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Locate '{query}' answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize(body, ProtocolJsonContext.Default.LocateResponse)!;
    }

    public void Dispose() => _http.Dispose();
}
