using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ClusterLocator.Client.Diagnostics;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Tls;

namespace ClusterLocator.Client;

/// <summary>
/// Asks locators where to open a session and opens it. Each call tries first the locator that
/// answered last, then the others in the order given, moving on when one cannot be reached, times
/// out, is warming up, fails with a 5xx or gives a bad answer (a redirect, an oversized body, a
/// placement that is not what was asked: see <see cref="PlacementChecks"/>); "no cluster eligible"
/// and "access denied" are answers, not failures. Safe to share: make one per process and keep it.
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
    private readonly PlacementChecks _checks;
    private readonly string? _token;
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
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The first parameters differ in type (options or locator URLs), so no call is ambiguous; both shipped together.")]
    public LocatorClient(LocatorClientOptions options, HttpClient? httpClient = null)
        : this(options, httpClient, TimeProvider.System, dialer: null)
    {
    }

    /// <summary>Creates a client of <paramref name="locators"/> with the default options.</summary>
    /// <param name="locators">Base URLs of the locators, such as <c>http://127.0.0.1:7400</c>.</param>
    /// <param name="httpClient">An HTTP client for the locators; by default the client makes its own.</param>
    /// <exception cref="ArgumentException">No locator was given, or one is not an http(s) URL.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The first parameters differ in type (options or locator URLs), so no call is ambiguous; both shipped together.")]
    public LocatorClient(IEnumerable<Uri> locators, HttpClient? httpClient = null)
        : this(WithLocators(locators), httpClient)
    {
    }

    // httpClientHasTls: the given HttpClient's handler already applies the options' TLS files (dependency injection's).
    internal LocatorClient(LocatorClientOptions options, HttpClient? httpClient, TimeProvider time, IClusterDialer? dialer, bool httpClientHasTls = false, ClientTelemetry? telemetry = null)
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
        _checks = new PlacementChecks(options);
        _token = options.Token;
        Telemetry = telemetry ?? ClientTelemetry.Shared;
        _ownsHttp = httpClient is null;
        if (httpClient is null)
        {
            var handler = LocatorHttpHandlers.Create(options, out var tls);
            _tls = tls;
            httpClient = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        }

        _http = httpClient;
    }

    /// <summary>Its meter, activities and logs.</summary>
    internal ClientTelemetry Telemetry { get; }

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
    /// <exception cref="LocatorAccessDeniedException">The locator requires an identity (<see cref="LocatorClientOptions.Token"/>) or refused the one given.</exception>
    /// <exception cref="LocatorUnavailableException">No locator answered, or none with a placement that passed the checks.</exception>
    public Task<LocateResponse> LocateAsync(string service, LocateOptions? options = null, CancellationToken cancellationToken = default) =>
        PlaceAsync(ToRequest(service, options ?? LocateOptions.None), [], requireHttps: false, cancellationToken);

    /// <summary>
    /// Opens a TCP session of <paramref name="service"/> on the cluster the locator chooses. When that
    /// controller refuses, resets at once or cannot be reached, the session is placed again with the
    /// cluster excluded, up to <see cref="LocatorClientOptions.MaxAttempts"/> clusters.
    /// </summary>
    /// <exception cref="ArgumentException">The service or an option is invalid, or asks for another protocol.</exception>
    /// <exception cref="NoEligibleClusterException">No cluster is (or is left) eligible.</exception>
    /// <exception cref="ClusterConnectException">Every cluster tried failed.</exception>
    /// <exception cref="LocatorAccessDeniedException">The locator requires an identity (<see cref="LocatorClientOptions.Token"/>) or refused the one given.</exception>
    /// <exception cref="LocatorUnavailableException">No locator answered, or none with a placement that passed the checks.</exception>
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
            using var attempt = ClientTelemetry.StartConnect(placement);
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
    /// Asks which cluster a locate of <paramref name="service"/> would choose now and why, with every
    /// cluster of the service, its state and the inputs of its health (<c>explain=true</c>). Nothing is
    /// placed, counted or cached; an answer with no eligible cluster has a null
    /// <see cref="LocateExplanation.Chosen"/> and says why in <see cref="LocateExplanation.Reason"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The service or an option is invalid, or the locator refused the request; the message says how.</exception>
    /// <exception cref="LocatorAccessDeniedException">The locator requires an identity (<see cref="LocatorClientOptions.Token"/>) or refused the one given.</exception>
    /// <exception cref="LocatorUnavailableException">No locator answered.</exception>
    public async Task<LocateExplanation> ExplainAsync(string service, LocateOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = ToRequest(service, options ?? LocateOptions.None);
        var result = await AskAsync($"{request.ToPathAndQuery()}&explain=true", ProtocolJsonContext.Default.LocateExplanation, cancellationToken).ConfigureAwait(false);
        return AnswerOf(result, nameof(service));
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
            var list = AnswerOf(result, nameof(service));
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
    /// With <paramref name="requireHttps"/>, only an <c>https</c> placement is one.
    /// </summary>
    internal async Task<LocateResponse> PlaceAsync(LocateRequest request, IReadOnlyList<ConnectFailure> failures, bool requireHttps, CancellationToken cancellationToken)
    {
        using var activity = ClientTelemetry.StartLocate(request.Service);
        var result = await LocateAsync(request, requireHttps, activity, cancellationToken).ConfigureAwait(false);
        return result.Type switch
        {
            LocatorResultType.Answered => result.Answer!,
            LocatorResultType.NoEligibleCluster => throw new NoEligibleClusterException(request.Service, result.Problem!, result.Locator!, [.. failures]),
            LocatorResultType.Unavailable => throw new LocatorUnavailableException(result.Failures),
            LocatorResultType.Denied => throw new LocatorAccessDeniedException(result.Problem!, result.Locator!),
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

    /// <summary>
    /// Locates, from the cache when allowed; a placement the locators give must pass the
    /// <see cref="PlacementChecks"/> and is cached for its <c>ttlMs</c>, cut to <see cref="LocatorClientOptions.MaxPlacementTtl"/>.
    /// </summary>
    private async Task<LocatorResult<LocateResponse>> LocateAsync(LocateRequest request, bool requireHttps, Activity? activity, CancellationToken cancellationToken)
    {
        var path = request.ToPathAndQuery();
        if (_cache is not null && _cache.TryGet(path, out var cached) && PlacementChecks.Problem(cached, request, requireHttps) is null)
        {
            var hit = LocatorResult<LocateResponse>.ForAnswer(cached);
            Telemetry.Located(activity, hit, cached: true);
            return hit;
        }

        var result = await AskAsync(
            path,
            ProtocolJsonContext.Default.LocateResponse,
            LocatorAnswerReader.MaxLocateBytes,
            async (placement, token) => PlacementChecks.Problem(placement, request, requireHttps) ?? await _checks.NetworkProblemAsync(placement, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        Telemetry.Located(activity, result, cached: false);
        if (result.Type != LocatorResultType.Answered)
        {
            return result;
        }

        var placement = _checks.WithCappedTtl(result.Answer!);
        _cache?.Add(path, placement);
        return LocatorResult<LocateResponse>.ForAnswer(placement);
    }

    /// <summary>Asks for a list: no check beyond its size and shape.</summary>
    private Task<LocatorResult<T>> AskAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class =>
        AskAsync(path, type, LocatorAnswerReader.MaxListBytes, check: null, cancellationToken);

    /// <summary>
    /// Asks the locator that answered last, then the others in the configured order, until one
    /// answers <paramref name="path"/> with an answer of at most <paramref name="maxBytes"/> that
    /// <paramref name="check"/> finds nothing wrong with, or refuses it in the contract's terms.
    /// <paramref name="check"/> says why an answer is bad, as it would follow "locator X", or null when it is good.
    /// </summary>
    private async Task<LocatorResult<T>> AskAsync<T>(string path, JsonTypeInfo<T> type, int maxBytes, Func<T, CancellationToken, ValueTask<string?>>? check, CancellationToken cancellationToken)
        where T : class
    {
        List<string>? failures = null;
        var preferred = _preferred;
        for (var i = 0; i < _locators.Length; i++)
        {
            // The one that answered last first, then the others in the configured order.
            var index = i == 0 ? preferred : (i <= preferred ? i - 1 : i);
            var locator = _locators[index];
            if (i > 0)
            {
                Telemetry.FailedOver(locator, failures?[^1]);
            }

            using var timeout = new CancellationTokenSource(_locatorTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                var uri = new Uri(locator, path);
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                if (_token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                }
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                if (Redirect(response, uri) is { } redirect)
                {
                    (failures ??= []).Add($"{locator} {redirect}");
                    continue;
                }

                if (response.IsSuccessStatusCode)
                {
                    var answer = await LocatorAnswerReader.ReadAsync(response.Content, type, maxBytes, linked.Token).ConfigureAwait(false);
                    if (check is not null && await check(answer, linked.Token).ConfigureAwait(false) is { } bad)
                    {
                        (failures ??= []).Add($"{locator} {bad}");
                        continue;
                    }

                    _preferred = index;
                    return LocatorResult<T>.ForAnswer(answer);
                }

                var isProblem = response.Content.Headers.ContentType?.MediaType == Problem.ContentType;
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    // Locators share their credentials: the next would say the same, and the user has to act.
                    _preferred = index;
                    return LocatorResult<T>.ForDenied(
                        isProblem
                            ? await LocatorAnswerReader.ReadAsync(response.Content, ProtocolJsonContext.Default.Problem, LocatorAnswerReader.MaxLocateBytes, linked.Token).ConfigureAwait(false)
                            : new Problem { Title = response.ReasonPhrase ?? response.StatusCode.ToString(), Status = (int)response.StatusCode, Detail = "The locator gave no reason." },
                        locator);
                }

                if (!isProblem)
                {
                    (failures ??= []).Add($"{locator} answered {(int)response.StatusCode} {response.ReasonPhrase}, not a locator problem: is it a locator's URL?");
                    continue;
                }

                var problem = await LocatorAnswerReader.ReadAsync(response.Content, ProtocolJsonContext.Default.Problem, LocatorAnswerReader.MaxLocateBytes, linked.Token).ConfigureAwait(false);
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
            catch (InvalidDataException ex)
            {
                (failures ??= []).Add($"{locator} {ex.Message}");
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

    /// <summary>The answer of a question that is not a placement, or the exception that says why there is none.</summary>
    private static T AnswerOf<T>(LocatorResult<T> result, string parameter)
        where T : class => result.Type switch
        {
            LocatorResultType.Answered => result.Answer!,
            LocatorResultType.Unavailable => throw new LocatorUnavailableException(result.Failures),
            LocatorResultType.Denied => throw new LocatorAccessDeniedException(result.Problem!, result.Locator!),
            _ => throw new ArgumentException($"{result.Locator} refused the request: {result.Problem!.Detail}", parameter),
        };

    /// <summary>
    /// Why the answer is a redirect, which a locator never gives: it answers for itself, and a
    /// redirect could send the question (and its token) anywhere. The SDK's own handler does not
    /// follow redirects; an <see cref="HttpClient"/> given to it might, which the final URI shows.
    /// </summary>
    private static string? Redirect(HttpResponseMessage response, Uri asked)
    {
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            return $"answered {(int)response.StatusCode} {response.ReasonPhrase}, a redirect, which is not followed: give the locator's own URL.";
        }

        return response.RequestMessage?.RequestUri is { } final && final != asked
            ? "answered through a redirect, which is not followed: give the locator's own URL, and an HttpClient that does not follow redirects (AllowAutoRedirect = false)."
            : null;
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
