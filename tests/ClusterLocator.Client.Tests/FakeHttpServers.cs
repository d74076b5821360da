using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Web;

namespace ClusterLocator.Client.Tests;

/// <summary>
/// Plays several HTTP servers (locators, or controllers' HTTP front doors), told apart by host and
/// port: each answers as the test says, and one the test set up no answer for cannot be reached.
/// Records every request in the order it came.
/// </summary>
internal sealed class FakeHttpServers : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _servers = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The servers asked, by host, in order.</summary>
    public IReadOnlyList<string> HostsAsked => [.. Requests.Select(r => r.Uri.Host)];

    public void Answer(Uri server, Func<HttpRequestMessage, HttpResponseMessage> answer) =>
        _servers[server.Authority] = (request, _) => Task.FromResult(answer(request));

    public void Answer(Uri server, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) =>
        _servers[server.Authority] = answer;

    /// <summary>Makes <paramref name="server"/> unreachable, as one the test never set up.</summary>
    public void Unreachable(Uri server) => _servers.TryRemove(server.Authority, out _);

    /// <summary>What <see cref="SocketsHttpHandler"/> throws when nothing listens at the address.</summary>
    private static HttpRequestException Refused(Uri uri) =>
        new(HttpRequestError.ConnectionError, $"Connection refused ({uri.Authority})", new SocketException((int)SocketError.ConnectionRefused));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_requests)
        {
            _requests.Add(new RecordedRequest(request.Method, uri, body));
        }

        if (!_servers.TryGetValue(uri.Authority, out var answer))
        {
            throw Refused(uri);
        }

        var response = await answer(request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}

/// <summary>One request a fake server received.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Body)
{
    /// <summary>A query parameter, decoded; null when absent.</summary>
    public string? Query(string name) => HttpUtility.ParseQueryString(Uri.Query)[name];
}
