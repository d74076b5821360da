using System.Net;
using System.Text;
using System.Text.Json;
using ClusterLocator.Fuzz.Checks;
using ClusterLocator.Fuzz.Generation;
using ClusterLocator.Fuzz.Wire;

namespace ClusterLocator.Fuzz;

/// <summary>
/// One of the run's parallel senders: draws its requests from its own <see cref="CaseGenerator"/>,
/// sends well-formed ones with an <see cref="HttpClient"/> on a keep-alive connection and the rest
/// with a <see cref="RawConnection"/>, and checks each answer.
/// </summary>
internal sealed class FuzzWorker : IAsyncDisposable
{
    /// <summary>The one 5xx the API answers by design: a locate for which no cluster is eligible.</summary>
    private static readonly byte[] NoEligibleType = Encoding.UTF8.GetBytes("urn:clusterlocator:problem:no-eligible-cluster");

    private readonly FuzzSettings _settings;
    private readonly CaseGenerator _generator;
    private readonly RegistryModel _model;
    private readonly Findings _findings;
    private readonly HttpClient _http;
    private readonly RawConnection _raw;
    private readonly int _worker;
    private long _index;

    public FuzzWorker(FuzzSettings settings, int worker, RegistryModel model, Findings findings, IPEndPoint endPoint)
    {
        _settings = settings;
        _worker = worker;
        _model = model;
        _findings = findings;
        _generator = new CaseGenerator(settings.Seed, worker, settings.ClustersPerWorker, settings.Services);
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = settings.Locator,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _raw = new RawConnection(endPoint);
    }

    public Dictionary<int, long> ByStatus { get; } = [];

    public Dictionary<string, long> ByKind { get; } = new(StringComparer.Ordinal);

    public long NoAnswer { get; private set; }

    public Dictionary<string, long> NoAnswerByKind { get; } = new(StringComparer.Ordinal);

    public long NoEligible { get; private set; }

    public long VersionNotSupported { get; private set; }

    public async Task RunAsync(long count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            var fuzzCase = _generator.Next();
            var where = $"seed {_settings.Seed}, worker {_worker}, request {_index++}";
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_settings.RequestTimeout);
            int status;
            byte[] body;
            _model.Sending(fuzzCase);
            try
            {
                (status, body) = await SendAsync(fuzzCase, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _findings.Add(new Finding("hang", $"no answer within {_settings.RequestTimeout.TotalSeconds:0}s ({where})", fuzzCase.Describe()));
                await _raw.DisposeAsync();
                (status, body) = (0, []);
            }

            Count(fuzzCase, status);
            Check(fuzzCase, status, body, where);
            _generator.Observe(fuzzCase, status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _raw.DisposeAsync();
    }

    private async Task<(int Status, byte[] Body)> SendAsync(FuzzCase fuzzCase, CancellationToken cancellationToken)
    {
        if (fuzzCase.Raw is { } raw)
        {
            var response = await _raw.ExchangeAsync(raw, fuzzCase.EndsConnection, fuzzCase.HalfClose, fuzzCase.Method == HttpMethod.Head, cancellationToken);
            return (response.Status, response.Body);
        }

        using var request = new HttpRequestMessage(fuzzCase.Method, new Uri(fuzzCase.Target, UriKind.Relative));
        if (fuzzCase.Body is { } content)
        {
            request.Content = new ByteArrayContent(content);
            if (fuzzCase.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        try
        {
            using var answer = await _http.SendAsync(request, cancellationToken);
            return ((int)answer.StatusCode, await answer.Content.ReadAsByteArrayAsync(cancellationToken));
        }
        catch (HttpRequestException ex)
        {
            // A well-formed request must be answered; a reset one is a finding of its own.
            _findings.Add(new Finding("connection-failed", $"{ex.Message} {ex.InnerException?.Message}", fuzzCase.Describe()));
            return (0, []);
        }
    }

    private void Count(FuzzCase fuzzCase, int status)
    {
        ByStatus[status] = ByStatus.GetValueOrDefault(status) + 1;
        var kind = fuzzCase.Kind;
        ByKind[kind] = ByKind.GetValueOrDefault(kind) + 1;
    }

    private void Check(FuzzCase fuzzCase, int status, byte[] body, string where)
    {
        if (status == 0)
        {
            // Malformed framing may end a connection without an answer; what it did to the registry is
            // then unknown, and the next listing decides.
            NoAnswer++;
            NoAnswerByKind[fuzzCase.Kind] = NoAnswerByKind.GetValueOrDefault(fuzzCase.Kind) + 1;
            if (fuzzCase.Effect.Kind != ModelEffectKind.None)
            {
                _model.Forget(fuzzCase.Effect.ClusterId!);
            }

            return;
        }

        if (status >= 500)
        {
            if (status == 503 && body.AsSpan().IndexOf(NoEligibleType) >= 0)
            {
                NoEligible++;
            }
            else if (status == 505 && body.Length == 0)
            {
                // Kestrel's answer to a request line whose version it cannot read: a version mutation, an
                // HTTP/2 preface, or a garbled line whose last field is taken for the version (seen once in
                // 1 M, seed 1). The locator's own code never answers 505, and Kestrel's 505 has no body.
                VersionNotSupported++;
            }
            else
            {
                _findings.Add(new Finding("5xx", $"answered {status} ({where}): {Printable.Of(body, 300)}", fuzzCase.Describe()));
            }
        }

        if (_model.Apply(fuzzCase, status) is { } contradiction)
        {
            _findings.Add(new Finding("model", $"{contradiction} ({where})", fuzzCase.Describe()));
        }

        if (fuzzCase.IsLocate && status == 200 && PlacedCluster(body) is { } placed && !_model.WasReported(placed))
        {
            _findings.Add(new Finding("placement", $"placed on '{placed}', for which no report was ever sent ({where})", fuzzCase.Describe()));
        }
    }

    private static string? PlacedCluster(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("clusterId", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
