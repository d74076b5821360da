using ARSoft.Tools.Net;
using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Dns;

/// <summary>What a question's name asks, relative to the locator's domain (docs/dns.md).</summary>
internal readonly struct DnsQueryName
{
    /// <summary>The label that holds the clusters' own names: <c>ID.cluster.DOMAIN</c>.</summary>
    public const string ClusterLabel = "cluster";

    private DnsQueryName(DnsNameKind kind, string? service = null, string? protocol = null, string? zone = null, string? clusterId = null)
    {
        Kind = kind;
        Service = service;
        Protocol = protocol;
        Zone = zone;
        ClusterId = clusterId;
    }

    public DnsNameKind Kind { get; }

    /// <summary>The service of a <see cref="DnsNameKind.Service"/> or <see cref="DnsNameKind.ServiceRecord"/> name.</summary>
    public string? Service { get; }

    /// <summary>tcp or http for a <see cref="DnsNameKind.ServiceRecord"/> name; null for the preferred protocol.</summary>
    public string? Protocol { get; }

    /// <summary>The zone a <see cref="DnsNameKind.ServiceRecord"/> name prefers, if it names one.</summary>
    public string? Zone { get; }

    /// <summary>The cluster of a <see cref="DnsNameKind.Cluster"/> name.</summary>
    public string? ClusterId { get; }

    /// <summary>
    /// Reads <paramref name="name"/> under <paramref name="domain"/>: <c>_SERVICE._tcp[.ZONE].DOMAIN</c>
    /// and <c>_SERVICE._http[.ZONE].DOMAIN</c> (SRV), <c>SERVICE.DOMAIN</c> (A, AAAA),
    /// <c>ID.cluster.DOMAIN</c> (the A, AAAA of an SRV target), the domain itself, or anything else.
    /// Labels are taken as written: service and cluster ids are case-sensitive.
    /// </summary>
    public static DnsQueryName Parse(DomainName name, DomainName domain)
    {
        if (!name.IsEqualOrSubDomainOf(domain))
        {
            return new DnsQueryName(DnsNameKind.Outside);
        }

        var labels = name.Labels;
        var count = name.LabelCount - domain.LabelCount;
        if (count == 0)
        {
            return new DnsQueryName(DnsNameKind.Apex);
        }

        if (count >= 2 && labels[0].Length > 1 && labels[0][0] == '_' && count <= 3)
        {
            var protocol = labels[1] switch
            {
                "_tcp" => Protocols.Tcp,
                "_http" => Protocols.Http,
                _ => null,
            };
            if (protocol is not null)
            {
                return new DnsQueryName(DnsNameKind.ServiceRecord, labels[0][1..], protocol, count == 3 ? labels[2] : null);
            }
        }

        if (count >= 2 && string.Equals(labels[count - 1], ClusterLabel, StringComparison.OrdinalIgnoreCase))
        {
            // A cluster id may hold dots: every label before "cluster" is part of it.
            return new DnsQueryName(DnsNameKind.Cluster, clusterId: string.Join('.', labels, 0, count - 1));
        }

        return count == 1 ? new DnsQueryName(DnsNameKind.Service, labels[0]) : new DnsQueryName(DnsNameKind.Unknown);
    }
}
