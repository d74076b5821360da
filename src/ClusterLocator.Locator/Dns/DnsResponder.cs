using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ClusterLocator.Locator.Diagnostics;
using ClusterLocator.Locator.Fairness;
using ClusterLocator.Locator.Hosting;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Security;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Dns;

/// <summary>
/// Answers one DNS query as <c>GET /v1/locate</c> would: the same rate limit per source address,
/// the same readiness, the same decision and the same counting (<see cref="LocateDecision"/>), put
/// as SRV, A or AAAA records (docs/dns.md). A refusal says why in an Extended DNS Error with the
/// text of the HTTP problem's detail.
/// </summary>
internal sealed class DnsResponder(
    ClusterRegistry registry,
    LocatorReadiness readiness,
    LocatorMetrics metrics,
    LocatorOptions options,
    ClientCredentials clientCredentials,
    LocateRateLimiter rateLimiter,
    LocateDecision decision)
{
    /// <summary>The UDP payload size the locator advertises (the DNS flag day 2020 value).</summary>
    public const ushort UdpPayloadSize = 1232;

    private readonly DomainName _domain = DnsAddress.TryParseDomain(options.DnsDomain, out var domain) ? domain : DomainName.Parse("locator");
    private readonly int _ttl = (int)options.DnsTtl.TotalSeconds;

    public DnsMessage Answer(DnsMessage query, IPEndPoint remote) => Answer(query, remote, decided: null, out _);

    /// <summary>
    /// The answer to <paramref name="query"/>; a locate uses <paramref name="decided"/> when given (made by
    /// <see cref="Decide"/> for this very query) rather than deciding again. <paramref name="located"/>
    /// says whether the query was a locate, and which placement the answer carries and counted.
    /// </summary>
    public DnsMessage Answer(DnsMessage query, IPEndPoint remote, DnsDecision? decided, out DnsLocated located)
    {
        located = default;
        var response = query.CreateResponseInstance();
        response.IsRecursionAllowed = false;
        if (query.IsEDnsEnabled)
        {
            response.EDnsOptions = new OptRecord(UdpPayloadSize);
        }

        if (query.OperationCode != OperationCode.Query)
        {
            response.ReturnCode = ReturnCode.NotImplemented;
            return response;
        }

        if (query.Questions.Count != 1)
        {
            response.ReturnCode = ReturnCode.FormatError;
            return response;
        }

        var question = query.Questions[0];
        var name = DnsQueryName.Parse(question.Name, _domain);
        if (name.Kind == DnsNameKind.Outside || question.RecordClass is not (RecordClass.INet or RecordClass.Any))
        {
            response.ReturnCode = ReturnCode.Refused;
            return response;
        }

        response.IsAuthoritiveAnswer = true;
        switch (name.Kind)
        {
            case DnsNameKind.ServiceRecord when question.RecordType is RecordType.Srv or RecordType.Any:
            case DnsNameKind.Service when question.RecordType is RecordType.A or RecordType.Aaaa:
                located = new DnsLocated(true, name, Locate(response, question, name, decided ?? Decide(name, remote)));
                break;
            case DnsNameKind.ServiceRecord or DnsNameKind.Service:
                // The name exists when its service does; other types have no records.
                response.ReturnCode = registry.Snapshot.ClustersOf(name.Service!).Length > 0 ? ReturnCode.NoError : ReturnCode.NxDomain;
                break;
            case DnsNameKind.Cluster:
                AnswerCluster(response, question, name.ClusterId!);
                break;
            case DnsNameKind.Apex:
                break;
            default:
                response.ReturnCode = ReturnCode.NxDomain;
                break;
        }

        return response;
    }

    /// <summary>
    /// The first half of a locate, as <c>GET /v1/locate</c> makes it: the rate limit, the credential,
    /// the readiness and the decision; metrics of a refusal recorded, a placement not counted yet
    /// (<see cref="Count"/>).
    /// </summary>
    public DnsDecision Decide(DnsQueryName name, IPEndPoint remote)
    {
        var client = ClientKey.OfAddress(remote.Address);
        if (!rateLimiter.TryAcquire(client, out var retryAfter))
        {
            metrics.Located(MetricResults.RateLimited, LocateTransports.Dns);
            return Refusal(client, ReturnCode.Refused, ExtendedDnsError.Other, rateLimiter.RefusalDetail(client, retryAfter));
        }

        if (clientCredentials.Required)
        {
            // DNS carries no credential: a locator that answers only known clients answers no DNS.
            metrics.Located(MetricResults.Unauthorized, LocateTransports.Dns);
            return Refusal(client, ReturnCode.Refused, ExtendedDnsError.Prohibited, "This locator answers only clients that present a credential (--client-credentials), and DNS carries none: locate over HTTP with a token or a client certificate.");
        }

        if (!readiness.IsReady(out var remaining))
        {
            metrics.Located(MetricResults.WarmingUp, LocateTransports.Dns);
            return Refusal(client, ReturnCode.ServerFailure, ExtendedDnsError.NotReady, readiness.NotReadyDetail(remaining));
        }

        var request = LocateRequest.Parse(name.Service, name.Protocol, name.Zone, exclude: null, key: null, out var errors);
        if (request is null || errors.Count > 0)
        {
            // No service can have that name, so no such name exists.
            metrics.Located(MetricResults.Invalid, LocateTransports.Dns);
            return Refusal(client, ReturnCode.NxDomain, 0, null);
        }

        var result = decision.Decide(request, registry.Now, out var clusters);
        if (!result.IsPlaced)
        {
            metrics.Located(MetricResults.Unavailable, LocateTransports.Dns);
            return clusters.Length == 0
                ? Refusal(client, ReturnCode.NxDomain, 0, null)
                : Refusal(client, ReturnCode.ServerFailure, ExtendedDnsError.Other, result.FailureDetail!);
        }

        return new DnsDecision(client, ReturnCode.NoError, 0, null, result, clusters);
    }

    /// <summary>Counts the placement <paramref name="decided"/> carries, as the answer that sends the client there goes out.</summary>
    public void Count(in DnsDecision decided) =>
        decision.Count(decided.Client, decided.Clusters, decided.Result.Cluster!, LocateTransports.Dns);

    /// <summary>The second half of a locate: the decision put as records, counted when it sends the client somewhere; the placement counted, or default.</summary>
    private PlacementResult Locate(DnsMessage response, DnsQuestion question, DnsQueryName name, DnsDecision decided)
    {
        if (!decided.IsPlaced)
        {
            if (decided.Text is null)
            {
                response.ReturnCode = decided.Code;
            }
            else
            {
                Refuse(response, decided.Code, decided.InfoCode, decided.Text);
            }

            return default;
        }

        var result = decided.Result;
        var cluster = result.Cluster!;
        if (!DnsAddress.TryParseEndpoint(result.Address!, out var host, out var port))
        {
            response.ReturnCode = ReturnCode.ServerFailure;
            return default;
        }

        var answered = question.RecordType is RecordType.A or RecordType.Aaaa
            ? AnswerAddress(response, question, host)
            : AnswerService(response, question, cluster, host, port);
        if (answered is null)
        {
            // A name DNS cannot carry (a cluster id with an empty label, say): an error, nothing counted.
            Refuse(response, ReturnCode.ServerFailure, ExtendedDnsError.Other, $"The cluster '{cluster.ClusterId}' chosen for service '{name.Service}' has an id or host ('{host}') that is not a DNS name: locate it over HTTP, or give it a DNS-safe id.");
            return default;
        }

        if (answered == false)
        {
            // An AAAA query for a cluster reached over IPv4 (or the other way round): no record, and no
            // placement counted for an answer that sends nobody anywhere.
            return default;
        }

        response.AdditionalRecords.Add(new TxtRecord(question.Name, _ttl, $"cluster-id={cluster.ClusterId}"));
        Count(decided);
        return result;
    }

    private static DnsDecision Refusal(ClientKey client, ReturnCode code, ushort infoCode, string? text) =>
        new(client, code, infoCode, text, default, []);

    /// <summary>Adds the SRV record; null when the target cannot be a DNS name.</summary>
    private bool? AnswerService(DnsMessage response, DnsQuestion question, ClusterEntry cluster, string host, ushort port)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            // A target must be a name: the cluster's own, with its address beside it.
            if (ClusterName(cluster.ClusterId) is not { } target)
            {
                return null;
            }

            response.AnswerRecords.Add(new SrvRecord(question.Name, _ttl, 0, 0, port, target));
            response.AdditionalRecords.Add(AddressRecord(target, address));
            return true;
        }

        if (!DomainName.TryParse(host, out var hostName) || hostName is null)
        {
            return null;
        }

        response.AnswerRecords.Add(new SrvRecord(question.Name, _ttl, 0, 0, port, hostName));
        return true;
    }

    /// <summary>Adds the A, AAAA or CNAME record; false when there is none for the family asked, null when the host is no DNS name.</summary>
    private bool? AnswerAddress(DnsMessage response, DnsQuestion question, string host)
    {
        var family = question.RecordType == RecordType.A ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        if (IPAddress.TryParse(host, out var address))
        {
            if (address.AddressFamily != family)
            {
                return false;
            }

            response.AnswerRecords.Add(AddressRecord(question.Name, address));
            return true;
        }

        // A host name: the resolver follows the alias. Counted for A only, so the A and AAAA pair a
        // getaddrinfo sends counts one placement.
        if (!DomainName.TryParse(host, out var hostName) || hostName is null)
        {
            return null;
        }

        response.AnswerRecords.Add(new CNameRecord(question.Name, _ttl, hostName));
        return family == AddressFamily.InterNetwork;
    }

    /// <summary>The address of a cluster named by an SRV target: no decision, nothing counted.</summary>
    private void AnswerCluster(DnsMessage response, DnsQuestion question, string clusterId)
    {
        var entry = registry.Snapshot.All.FirstOrDefault(e => string.Equals(e.ClusterId, clusterId, StringComparison.Ordinal));
        if (entry is null)
        {
            response.ReturnCode = ReturnCode.NxDomain;
            return;
        }

        if (question.RecordType is not (RecordType.A or RecordType.Aaaa or RecordType.Any))
        {
            return;
        }

        var seen = new List<IPAddress>(2);
        foreach (var protocol in (ReadOnlySpan<string>)[Protocols.Tcp, Protocols.Http])
        {
            if (entry.AddressFor(protocol) is { } endpoint
                && DnsAddress.TryParseEndpoint(endpoint, out var host, out _)
                && IPAddress.TryParse(host, out var address)
                && !seen.Contains(address)
                && (question.RecordType == RecordType.Any || (address.AddressFamily == AddressFamily.InterNetwork) == (question.RecordType == RecordType.A)))
            {
                seen.Add(address);
                response.AnswerRecords.Add(AddressRecord(question.Name, address));
            }
        }
    }

    /// <summary><c>ID.cluster.DOMAIN</c>; null for an id with an empty label (<c>a..b</c>, <c>.a</c>), which no DNS name can hold.</summary>
    private DomainName? ClusterName(string clusterId)
    {
        var labels = clusterId.Split('.');
        return labels.Any(label => label.Length == 0) ? null : new DomainName([.. labels, DnsQueryName.ClusterLabel, .. _domain.Labels]);
    }

    private DnsRecordBase AddressRecord(DomainName name, IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? new ARecord(name, _ttl, address) : new AaaaRecord(name, _ttl, address);

    private static void Refuse(DnsMessage response, ReturnCode code, ushort infoCode, string text)
    {
        response.ReturnCode = code;
        response.EDnsOptions?.Options.Add(ExtendedDnsError.Create(infoCode, text));
    }
}
