using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ClusterLocator.Protocol;

namespace ClusterLocator.Client;

/// <summary>
/// Talks to one or more locators. Each call tries the locators in order and moves to the next when
/// one cannot be reached or fails (5xx other than a problem it explains), so any live locator answers.
/// </summary>
public sealed class LocatorClient : IDisposable
{
    private readonly Uri[] _locators;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client of <paramref name="locators"/>, tried in the order given.</summary>
    /// <param name="locators">Base URLs of the locators, such as <c>http://127.0.0.1:7400</c>.</param>
    /// <param name="httpClient">An HTTP client to use; by default the client makes its own.</param>
    public LocatorClient(IEnumerable<Uri> locators, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(locators);
        _locators = [.. locators.Select(u => u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/"))];
        if (_locators.Length == 0)
        {
            throw new ArgumentException("Give at least one locator URL.", nameof(locators));
        }

        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>The locators, in the order they are tried.</summary>
    public IReadOnlyList<Uri> Locators => _locators;

    /// <summary>Asks where to open a session.</summary>
    /// <exception cref="LocatorUnavailableException">No locator answered.</exception>
    public async Task<LocateResult> LocateAsync(LocateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.ToPathAndQuery();
        return await SendAsync(
            path,
            async (response, locator, ct) => response.IsSuccessStatusCode
                ? LocateResult.ForPlacement(await ReadAsync(response, ProtocolJsonContext.Default.Placement, ct).ConfigureAwait(false), locator)
                : LocateResult.ForProblem(await ReadAsync(response, ProtocolJsonContext.Default.Problem, ct).ConfigureAwait(false), locator),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists the clusters a locator knows, optionally of one service.</summary>
    /// <exception cref="LocatorUnavailableException">No locator answered.</exception>
    public Task<ClusterList> GetClustersAsync(string? service = null, CancellationToken cancellationToken = default)
    {
        var path = string.IsNullOrEmpty(service) ? "v1/clusters" : $"v1/clusters?service={Uri.EscapeDataString(service)}";
        return SendAsync(
            path,
            async (response, locator, ct) => response.IsSuccessStatusCode
                ? await ReadAsync(response, ProtocolJsonContext.Default.ClusterList, ct).ConfigureAwait(false)
                : throw new LocatorUnavailableException($"{locator}: {await DescribeAsync(response, ct).ConfigureAwait(false)}"),
            cancellationToken);
    }

    private async Task<T> SendAsync<T>(string path, Func<HttpResponseMessage, Uri, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var locator in _locators)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri(locator, path), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (IsProblemOfContract(response))
                {
                    return await read(response, locator, cancellationToken).ConfigureAwait(false);
                }

                failures.Add($"{locator} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"{locator}: {ex.Message}");
            }
            catch (JsonException ex)
            {
                failures.Add($"{locator} answered something that is not the locator protocol: {ex.Message}");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{locator}: no answer within {_http.Timeout.TotalSeconds:0.#}s");
            }
        }

        throw new LocatorUnavailableException(failures);
    }

    /// <summary>Success, or an error the locator explains with a problem (4xx, or 503 with a reason).</summary>
    private static bool IsProblemOfContract(HttpResponseMessage response) =>
        response.IsSuccessStatusCode
        || (response.Content.Headers.ContentType?.MediaType == Problem.ContentType
            && response.StatusCode is < HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
        ?? throw new JsonException("The answer was empty.");

    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var problem = await ReadAsync(response, ProtocolJsonContext.Default.Problem, cancellationToken).ConfigureAwait(false);
        return problem.Detail;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
