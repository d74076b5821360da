using System.Text;

namespace ClusterLocator.Fuzz.Generation;

/// <summary>
/// The requests of one worker, drawn from a seeded <see cref="Random"/>: the same seed and worker give
/// the same requests, as long as the locator answers the same. Each worker owns its cluster ids
/// (<c>w{worker}-c{n}</c>), so requests to one id are never in flight together and the registry
/// after a batch follows from the answers alone.
/// </summary>
internal sealed class CaseGenerator
{
    private readonly Random _random;
    private readonly ClusterState[] _clusters;
    private readonly int _services;

    public CaseGenerator(int seed, int worker, int clustersPerWorker, int services)
    {
        _random = new Random(HashCode.Combine(seed, worker));
        _clusters = [.. Enumerable.Range(0, clustersPerWorker).Select(n => new ClusterState($"w{worker}-c{n}"))];
        _services = services;
    }

    /// <summary>The service names every generator uses: <c>svc-0</c> … .</summary>
    public static string Service(int n) => $"svc-{n}";

    public FuzzCase Next()
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 25 => ValidReport(),
            < 40 => MutatedReport(),
            < 48 => FramedReport(),
            < 50 => HugeReport(),
            < 58 => Deregistration(),
            < 83 => Locates.Next(_random, _services, ClusterIds()),
            < 86 => Locates.List(_random),
            < 93 => OddTarget(),
            _ => HeadMutations.Next(_random, _services),
        };
    }

    /// <summary>Tells the generator how the locator answered <paramref name="fuzzCase"/>, so its next valid report follows.</summary>
    public void Observe(FuzzCase fuzzCase, int status)
    {
        if (fuzzCase.Effect.Kind == ModelEffectKind.Report && status == 200 && Find(fuzzCase.Effect.ClusterId!) is { } state)
        {
            state.Unknown |= fuzzCase.Effect.Incarnation is null;
        }
    }

    private IEnumerable<string> ClusterIds() => _clusters.Select(c => c.ClusterId);

    private ClusterState? Find(string clusterId) => Array.Find(_clusters, c => c.ClusterId == clusterId);

    private ClusterState Pick() => _clusters[_random.Next(_clusters.Length)];

    private string PickService() => Service(_random.Next(_services));

    private FuzzCase ValidReport()
    {
        var cluster = Pick();
        var kind = "put-valid";
        if (cluster.Unknown || _random.Next(20) == 0)
        {
            NewIncarnation(cluster);
            kind = "put-valid:new-incarnation";
        }
        else if (_random.Next(20) == 0 && cluster.NextSeq > 1)
        {
            kind = "put-valid:old-seq";
        }

        var seq = kind == "put-valid:old-seq" ? cluster.NextSeq - 2 : cluster.NextSeq++;
        var service = PickService();
        var fields = ReportBodies.Valid(_random, service, cluster.Incarnation, seq);
        return new FuzzCase
        {
            Kind = kind,
            Method = HttpMethod.Put,
            Target = $"/v1/clusters/{cluster.ClusterId}",
            Body = Encoding.UTF8.GetBytes(ReportBodies.Text(fields)),
            ContentType = "application/json",
            Effect = ModelEffect.Report(cluster.ClusterId, service, cluster.Incarnation),
        };
    }

    private FuzzCase MutatedReport()
    {
        var cluster = Pick();
        var fields = ReportBodies.Valid(_random, PickService(), cluster.Incarnation, cluster.NextSeq++);
        var ways = new List<string>();
        for (var i = 0; i < 1 + (_random.Next(4) == 0 ? _random.Next(1, 4) : 0); i++)
        {
            ways.Add(ReportBodies.Mutate(_random, fields));
        }

        var body = Encoding.UTF8.GetBytes(ReportBodies.Text(fields));
        if (_random.Next(3) == 0)
        {
            (body, var way) = ReportBodies.Damage(_random, body);
            ways.Add(way);
        }

        var contentType = _random.Next(8) == 0 ? OddContentType() : "application/json";
        var target = $"/v1/clusters/{cluster.ClusterId}";
        if (!System.Text.Ascii.IsValid(contentType))
        {
            // No HTTP client sends a header that is not ASCII.
            return new FuzzCase
            {
                Kind = "put-json:content-type-not-ascii",
                Method = HttpMethod.Put,
                Target = target,
                Raw = new RawRequest("PUT", target).Header("Host", "127.0.0.1").Header("Content-Type", contentType).Header("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).WithBody(body),
                Effect = ModelEffect.Report(cluster.ClusterId, null, null),
            };
        }

        return new FuzzCase
        {
            Kind = "put-json:" + ways[0],
            Method = HttpMethod.Put,
            Target = $"/v1/clusters/{cluster.ClusterId}",
            Body = body,
            ContentType = contentType,
            Effect = ModelEffect.Report(cluster.ClusterId, null, null),
        };
    }

    /// <summary>A valid report with the framing mutated: chunked well and badly, Content-Length wrong, Transfer-Encoding odd.</summary>
    private FuzzCase FramedReport()
    {
        var cluster = Pick();
        var body = ValidBody(cluster, out var effect);
        var target = $"/v1/clusters/{cluster.ClusterId}";
        var request = new RawRequest("PUT", target).Header("Host", "127.0.0.1").Header("Content-Type", "application/json");
        string kind;
        byte[] raw;
        var ends = false;
        var halfClose = false;
        switch (_random.Next(12))
        {
            case 0:
            case 1:
                kind = "framing:chunked";
                raw = request.Header("Transfer-Encoding", "chunked").Chunked(_random, body, RawRequest.Hex);
                break;
            case 2:
                kind = "framing:chunk-extension";
                raw = request.Header("Transfer-Encoding", "chunked").Chunked(_random, body, n => RawRequest.Hex(n).ToUpperInvariant() + ";ext=\"v\"");
                break;
            case 3:
                kind = "framing:chunk-size-garbage";
                raw = request.Header("Transfer-Encoding", "chunked").Chunked(_random, body, n => _random.Next(4) switch { 0 => "zz", 1 => "-1", 2 => "fffffffffffffffffff", _ => "0000000000" + RawRequest.Hex(n + 1) });
                ends = true;
                break;
            case 4:
                kind = "framing:no-last-chunk";
                raw = request.Header("Transfer-Encoding", "chunked").Chunked(_random, body, RawRequest.Hex, lastChunk: false);
                ends = halfClose = true;
                break;
            case 5:
                kind = "framing:te-and-cl";
                raw = request.Header("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Header("Transfer-Encoding", "chunked").Chunked(_random, body, RawRequest.Hex);
                ends = true;
                break;
            case 6:
                kind = "framing:te-variant";
                raw = request.Header("Transfer-Encoding", _random.Next(6) switch { 0 => "gzip, chunked", 1 => "chunked, chunked", 2 => "CHUNKED", 3 => "identity", 4 => " chunked ", _ => "gzip" })
                    .Chunked(_random, body, RawRequest.Hex);
                ends = true;
                break;
            case 7:
                kind = "framing:cl-short";
                raw = request.Header("Content-Length", _random.Next(body.Length).ToString(System.Globalization.CultureInfo.InvariantCulture)).WithBody(body);
                ends = true;
                break;
            case 8:
                kind = "framing:cl-long";
                raw = request.Header("Content-Length", (body.Length + _random.Next(1, 100)).ToString(System.Globalization.CultureInfo.InvariantCulture)).WithBody(body);
                ends = halfClose = true;
                break;
            case 9:
                kind = "framing:cl-garbage";
                raw = request.Header("Content-Length", _random.Next(6) switch { 0 => "-1", 1 => "abc", 2 => "+" + body.Length, 3 => "99999999999999999999", 4 => body.Length + ", " + body.Length, _ => "0x10" }).WithBody(body);
                ends = true;
                break;
            case 10:
                kind = "framing:cl-twice";
                raw = request.Header("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Header("Content-Length", (body.Length + _random.Next(0, 2)).ToString(System.Globalization.CultureInfo.InvariantCulture)).WithBody(body);
                ends = true;
                break;
            default:
                kind = "framing:lf-only";
                raw = new RawRequest("PUT", target, newline: "\n").Header("Host", "127.0.0.1").Header("Content-Type", "application/json")
                    .Header("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).WithBody(body);
                ends = true;
                break;
        }

        return new FuzzCase { Kind = kind, Method = HttpMethod.Put, Target = target, Raw = raw, EndsConnection = ends, HalfClose = halfClose, Effect = effect };
    }

    private FuzzCase HugeReport()
    {
        var cluster = Pick();
        var text = Encoding.UTF8.GetString(ValidBody(cluster, out var effect));
        var size = _random.Next(200) == 0 ? 1024 * 1024 : _random.Next(60 * 1024, 80 * 1024);
        var body = ReportBodies.Padded(text, size);
        var target = $"/v1/clusters/{cluster.ClusterId}";
        var request = new RawRequest("PUT", target).Header("Host", "127.0.0.1").Header("Content-Type", "application/json");

        // Raw, because the locator may answer 413 and close before the whole body is written, which
        // an HTTP client reports as a failed send rather than the answer.
        return new FuzzCase
        {
            Kind = size > 64 * 1024 ? "put-huge:over-limit" : "put-huge:under-limit",
            Method = HttpMethod.Put,
            Target = target,
            Raw = _random.Next(2) == 0
                ? request.Header("Content-Length", body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).WithBody(body)
                : request.Header("Transfer-Encoding", "chunked").Chunked(_random, body, RawRequest.Hex),
            EndsConnection = size > 64 * 1024,
            Effect = effect,
        };
    }

    private FuzzCase OddTarget()
    {
        var cluster = Pick();
        return OddTargets.Next(_random, cluster.ClusterId, ValidBody(cluster, out _));
    }

    private FuzzCase Deregistration()
    {
        var cluster = Pick();
        var (kind, query, incarnation) = _random.Next(10) switch
        {
            < 6 => ("delete:current", $"?incarnation={cluster.Incarnation}", cluster.Incarnation),
            6 => ("delete:other-incarnation", "?incarnation=other", "other"),
            7 => ("delete:no-incarnation", _random.Next(2) == 0 ? string.Empty : "?incarnation=", null),
            8 => ("delete:incarnation-twice", $"?incarnation={cluster.Incarnation}&incarnation={cluster.Incarnation}", null),
            _ => ("delete:incarnation-garbage", "?incarnation=" + Uri.EscapeDataString(Garbage.String(_random)), null),
        };
        return new FuzzCase
        {
            Kind = kind,
            Method = HttpMethod.Delete,
            Target = $"/v1/clusters/{cluster.ClusterId}{query}",
            Effect = incarnation is null ? ModelEffect.Delete(cluster.ClusterId, "(invalid)") : ModelEffect.Delete(cluster.ClusterId, incarnation),
        };
    }

    private byte[] ValidBody(ClusterState cluster, out ModelEffect effect)
    {
        if (cluster.Unknown)
        {
            NewIncarnation(cluster);
        }

        var service = PickService();
        effect = ModelEffect.Report(cluster.ClusterId, service, cluster.Incarnation);
        return Encoding.UTF8.GetBytes(ReportBodies.Text(ReportBodies.Valid(_random, service, cluster.Incarnation, cluster.NextSeq++)));
    }

    private void NewIncarnation(ClusterState cluster)
    {
        cluster.Incarnation = $"i{++cluster.Incarnations}";
        cluster.NextSeq = _random.Next(3);
        cluster.Unknown = false;
    }

    private string OddContentType() => _random.Next(8) switch
    {
        0 => "text/plain",
        1 => "application/xml",
        2 => "application/json; charset=utf-16",
        3 => "multipart/form-data; boundary=x",
        4 => "application/x-www-form-urlencoded",
        5 => "application/json; charset=\"" + Garbage.String(_random) + "\"",
        6 => ";;;",
        _ => "*/*",
    };
}
