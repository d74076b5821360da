using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Tls;

namespace ClusterLocator.Client;

/// <summary>
/// Asks locators where to open a session and opens it. Each call tries first the locator that
/// answered last, then the others in the order given, moving on when one cannot be reached, times
/// out, is warming up or fails with a 5xx; "no cluster eligible" is an answer, not a failure. Safe
/// to share: make one per process and keep it.
/// </summary>
public sealed class LocatorClient : IDisposable
{
    private readonly Uri[] _locators;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ClientTls? _tls;
    private readonly TimeSpan _locatorTimeout;
    private readonly int _maxAttempts;
    private readonly TimeProvider _time;
    private readonly PlacementCache? _cache;
    private readonly IClusterDialer _dialer;
    private volatile int _preferred;

    /// <summary>Creates a client of the locators in <paramref name="options"/>.</summary>
    /// <param name="options">The locators and limits; read once, here.</param>
    /// <param name="httpClient">
    /// An HTTP client for the locators; by default the client makes its own, which reads the TLS files
    /// of <paramref name="options"/> (<see cref="LocatorClientOptions.LocatorCa"/>…) here, once.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The options are invalid or a TLS file unusable, or TLS files are given with an <paramref name="httpClient"/>;
    /// the message lists every problem.
    /// </exception>
    public LocatorClient(LocatorClientOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, TimeProvider.System, dialer: null)
    {
    }

    /// <summary>Creates a client of <paramref name="locators"/> with the default options.</summary>
    /// <param name="locators">Base URLs of the locators, such as <c>http://127.0.0.1:7400</c>.</param>
    /// <param name="httpClient">An HTTP client for the locators; by default the client makes its own.</param>
    /// <exception cref="ArgumentException">No locator was given, or one is not an http(s) URL.</exception>
    public LocatorClient(IEnumerable<Uri> locators, HttpClient? httpClient = null)
        : this(WithLocators(locators), httpClient)
    {
    }

    // httpClientHasTls: the given HttpClient's handler already applies the options' TLS files (dependency injection's).
    internal LocatorClient(LocatorClientOptions options, HttpClient? httpClient, TimeProvider time, IClusterDialer? dialer, bool httpClientHasTls = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var errors = LocatorClientOptionsValidator.Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        if (httpClient is not null && !httpClientHasTls && options.HasTlsFiles)
        {
            throw new ArgumentException(
                $"{LocatorClientOptionsValidator.TlsProperties.Ca}, {LocatorClientOptionsValidator.TlsProperties.Certificate} and {LocatorClientOptionsValidator.TlsProperties.Key} apply to the HTTP client the LocatorClient makes, and an HttpClient was given: leave it out, or set the trust and client certificate on its handler.",
                nameof(httpClient));
        }

        _locators = [.. options.Locators.Select(u => u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/"))];
        _locatorTimeout = options.LocatorTimeout;
        _maxAttempts = options.MaxAttempts;
        _time = time;
        _cache = options.CachePlacements ? new PlacementCache(time) : null;
        _dialer = dialer ?? new SocketDialer(options.ConnectTimeout, options.RefusalWindow, time);
        _ownsHttp = httpClient is null;
        if (httpClient is null)
        {
            var handler = LocatorHttpHandlers.Create(options, out var tls);
            _tls = tls;
            httpClient = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        }

        _http = httpClient;
    }

    /// <summary>The locators, in the order they are tried after the one that answered last.</summary>
    public IReadOnlyList<Uri> Locators => _locators;

    /// <summary>The locator that answered last, tried first by the next call.</summary>
    public Uri PreferredLocator => _locators[_preferred];

    /// <summary>
    /// Asks where to open a session of <paramref name="service"/>. With
    /// <see cref="LocatorClientOptions.CachePlacements"/> on, a placement is reused for its <c>ttlMs</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The service or an option is invalid; the message says how.</exception>
    /// <exception cref="NoEligibleClusterException">The locator has no eligible cluster; the problem says why.</exception>
    /// <exception cref="LocatorUnavailableException">No locator answered.</exception>
    public Task<LocateResponse> LocateAsync(string service, LocateOptions? options = null, CancellationToken cancellationToken = default) =>
        PlaceAsync(ToRequest(service, options ?? LocateOptions.None), [], cancellationToken);

    /// <summary>
    /// Opens a TCP session of <paramref name="service"/> on the cluster the locator chooses. When that
    /// controller refuses, resets at once or cannot be reached, the session is placed again with the
    /// cluster excluded, up to <see cref="LocatorClientOptions.MaxAttempts"/> clusters.
    /// </summary>
    /// <exception cref="ArgumentException">The service or an option is invalid, or asks for another protocol.</exception>
    /// <exception cref="NoEligibleClusterException">No cluster is (or is left) eligible.</exception>
    /// <exception cref="ClusterConnectException">Every cluster tried failed.</exception>
    /// <exception cref="LocatorUnavailableException">No locator answered.</exception>
    public async Task<ClusterConnection> ConnectTcpAsync(string service, LocateOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= LocateOptions.None;
        if (options.Protocol is not (null or Protocols.Tcp))
        {
            throw new ArgumentException($"ConnectTcpAsync opens TCP sessions, but Protocol is '{options.Protocol}': leave it null or '{Protocols.Tcp}'.", nameof(options));
        }

        var attempts = new ClusterAttempts(this, ToRequest(service, options with { Protocol = Protocols.Tcp }), _maxAttempts);
        while (true)
        {
            var placement = await attempts.NextAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var stream = await _dialer.DialAsync(placement.Address, cancellationToken).ConfigureAwait(false);
                return new ClusterConnection(stream, placement, attempts.Failures);
            }
            catch (ClusterDialException ex)
            {
                if (!attempts.Fail(placement, ex.Message))
                {
                    throw attempts.GiveUp();
                }
            }
        }
    }

    /// <summary>
    /// Lists the clusters a locator knows, optionally of one service, following the pages of
    /// <c>GET /v1/clusters</c>. Stops after <see cref="MaxClusterPages"/> pages, or at a page whose
    /// cursor does not move forward; the list's <see cref="ClusterList.Next"/> is then the cursor
    /// where it stopped, and null when the list is whole.
    /// </summary>
    /// <exception cref="LocatorUnavailableException">No locator answered.</exception>
    public async Task<ClusterList> GetClustersAsync(string? service = null, CancellationToken cancellationToken = default)
    {
        var filter = string.IsNullOrEmpty(service) ? string.Empty : $"&service={Uri.EscapeDataString(service)}";
        var clusters = new List<ClusterView>();
        string? after = null;
        for (var page = 0; page < MaxClusterPages; page++)
        {
            var cursor = after is null ? string.Empty : $"&after={Uri.EscapeDataString(after)}";
            var result = await AskAsync($"v1/clusters?limit={ClusterPageSize}{filter}{cursor}", ProtocolJsonContext.Default.ClusterList, cancellationToken).ConfigureAwait(false);
            var list = result.Type switch
            {
                LocatorResultType.Answered => result.Answer!,
                LocatorResultType.Unavailable => throw new LocatorUnavailableException(result.Failures),
                _ => throw new ArgumentException($"{result.Locator} refused the request: {result.Problem!.Detail}", nameof(service)),
            };
            clusters.AddRange(list.Clusters);

            // A locator before paging answers everything, without a cursor.
            if (list.Next is null)
            {
                return new ClusterList(clusters);
            }

            if (after is not null && string.CompareOrdinal(list.Next, after) <= 0)
            {
                return new ClusterList(clusters) { Next = list.Next };
            }

            after = list.Next;
        }

        return new ClusterList(clusters) { Next = after };
    }

    /// <summary>
    /// The clusters <see cref="GetClustersAsync"/> asks for a page: the locator's default, small
    /// enough that a page is answered well within the locator timeout on a busy machine.
    /// </summary>
    internal const int ClusterPageSize = 500;

    /// <summary>The most pages <see cref="GetClustersAsync"/> follows: a million clusters.</summary>
    internal const int MaxClusterPages = 2000;

    /// <summary>
    /// The placement for <paramref name="request"/>, or the exception that says why there is none;
    /// <paramref name="failures"/>, the clusters tried before, go into it when nothing is eligible.
    /// </summary>
    internal async Task<LocateResponse> PlaceAsync(LocateRequest request, IReadOnlyList<ConnectFailure> failures, CancellationToken cancellationToken)
    {
        var result = await LocateAsync(request, cancellationToken).ConfigureAwait(false);
        return result.Type switch
        {
            LocatorResultType.Answered => result.Answer!,
            LocatorResultType.NoEligibleCluster => throw new NoEligibleClusterException(request.Service, result.Problem!, result.Locator!, [.. failures]),
            LocatorResultType.Unavailable => throw new LocatorUnavailableException(result.Failures),
            _ => throw new ArgumentException($"{result.Locator} refused the request: {result.Problem!.Detail}"),
        };
    }

    /// <summary>Drops the cached placements on a cluster that just failed a session.</summary>
    internal void Forget(string clusterId) => _cache?.Forget(clusterId);

    internal static LocateRequest ToRequest(string service, LocateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Read as the query's exclude list is: an entry may hold several ids; blanks and spaces go.
        string[] exclude = [.. options.Exclude.SelectMany(ids => ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
        return LocateRequest.Create(service, options.Protocol, options.Zone, exclude, options.Key, out var errors)
            ?? throw new ArgumentException(string.Join(" ", errors), nameof(service));
    }

    /// <summary>Locates, from the cache when allowed; a placement the locators give is cached for its <c>ttlMs</c>.</summary>
    private async Task<LocatorResult<LocateResponse>> LocateAsync(LocateRequest request, CancellationToken cancellationToken)
    {
        var path = request.ToPathAndQuery();
        if (_cache is not null && _cache.TryGet(path, out var cached))
        {
            return LocatorResult<LocateResponse>.ForAnswer(cached);
        }

        var result = await AskAsync(path, ProtocolJsonContext.Default.LocateResponse, cancellationToken).ConfigureAwait(false);
        if (result.Type == LocatorResultType.Answered)
        {
            _cache?.Add(path, result.Answer!);
        }

        return result;
    }

    /// <summary>
    /// Asks the locator that answered last, then the others in the configured order, until one
    /// answers <paramref name="path"/> or refuses it in the contract's terms.
    /// </summary>
    private async Task<LocatorResult<T>> AskAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        List<string>? failures = null;
        var preferred = _preferred;
        for (var i = 0; i < _locators.Length; i++)
        {
            // The one that answered last first, then the others in the configured order.
            var index = i == 0 ? preferred : (i <= preferred ? i - 1 : i);
            var locator = _locators[index];
            using var timeout = new CancellationTokenSource(_locatorTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var response = await _http.GetAsync(new Uri(locator, path), HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    var answer = await ReadAsync(response, type, linked.Token).ConfigureAwait(false);
                    _preferred = index;
                    return LocatorResult<T>.ForAnswer(answer);
                }

                if (response.Content.Headers.ContentType?.MediaType != Problem.ContentType)
                {
                    (failures ??= []).Add($"{locator} answered {(int)response.StatusCode} {response.ReasonPhrase}, not a locator problem: is it a locator's URL?");
                    continue;
                }

                var problem = await ReadAsync(response, ProtocolJsonContext.Default.Problem, linked.Token).ConfigureAwait(false);
                if (FailOverReason(problem) is { } reason)
                {
                    (failures ??= []).Add($"{locator} {reason}");
                    continue;
                }

                // "No cluster eligible" is an answer too: the next call must not wait on a dead locator first.
                _preferred = index;
                return problem.Type == ProblemTypes.NoEligibleCluster
                    ? LocatorResult<T>.ForNoEligibleCluster(problem, locator)
                    : LocatorResult<T>.ForRejected(problem, locator);
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.SecureConnectionError)
            {
                (failures ??= []).Add($"{locator}: the TLS handshake failed ({ex.InnerException?.Message.TrimEnd('.') ?? ex.Message}): when a private CA issued the locator's certificate, trust that CA with LocatorClientOptions.LocatorCa (--locator-ca on the command line).");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                // IOException: the locator's answer ended early (HttpIOException), as when it dies mid-answer.
                (failures ??= []).Add($"{locator}: {ex.Message}");
            }
            catch (JsonException ex)
            {
                (failures ??= []).Add($"{locator} answered something that is not the locator protocol: {ex.Message}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                (failures ??= []).Add($"{locator}: no answer within {_locatorTimeout.TotalSeconds:0.###}s");
            }
        }

        return LocatorResult<T>.ForUnavailable(failures!);
    }

    /// <summary>
    /// Null when the problem is the locator's answer to give (no cluster eligible, an invalid request);
    /// otherwise why to try the next locator (warming up, failing).
    /// </summary>
    private static string? FailOverReason(Problem problem) => problem switch
    {
        { Type: ProblemTypes.NoEligibleCluster } => null,
        { Type: ProblemTypes.WarmingUp } => $"is warming up: {problem.Detail}",
        { Status: >= 500 or 404 } => $"answered {problem.Status} {problem.Title}: {problem.Detail}",
        _ => null,
    };

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
        ?? throw new JsonException("The answer was empty.");

    private static LocatorClientOptions WithLocators(IEnumerable<Uri> locators)
    {
        ArgumentNullException.ThrowIfNull(locators);
        var options = new LocatorClientOptions();
        foreach (var locator in locators)
        {
            options.Locators.Add(locator);
        }

        return options;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
            _tls?.Dispose();
        }
    }
}
