using ClusterLocator.Locator.Hosting;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry.Etcd;
using ClusterLocator.Locator.Sharing;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Locator;

/// <summary>
/// Checks <see cref="LocatorOptions"/> when the locator starts and lists every problem with its fix,
/// naming each property as <c>LocatorOptions.Property</c>. Reads no file: the etcd TLS files are
/// read once, where they are loaded, and a bad one fails the start there.
/// </summary>
public sealed class LocatorOptionsValidator : IValidateOptions<LocatorOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, LocatorOptions options)
    {
        var errors = Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem in <paramref name="options"/>; empty when the locator can start.</summary>
    internal static IReadOnlyList<string> Validate(LocatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (!PlacementPolicies.All.Contains(options.Policy))
        {
            errors.Add($"LocatorOptions.Policy '{options.Policy}' is unknown: use one of {string.Join(", ", PlacementPolicies.All)}.");
        }

        if (options.ReportInterval < TimeSpan.FromMilliseconds(10) || options.ReportInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"LocatorOptions.ReportInterval {options.ReportInterval} is out of range: use 10ms to 1h.");
        }

        if (options.Lease > TimeSpan.FromHours(1))
        {
            errors.Add($"LocatorOptions.Lease {options.Lease} is too long: use at most 1h; a dead cluster would keep being placed that long.");
        }
        else if (options.Lease is { } lease && lease < options.ReportInterval)
        {
            errors.Add($"LocatorOptions.Lease {lease} is shorter than the report interval (LocatorOptions.ReportInterval {options.ReportInterval}): every cluster would expire between two reports; use at least the interval (3× is the default).");
        }

        if (options.WarmUp < TimeSpan.Zero)
        {
            errors.Add($"LocatorOptions.WarmUp {options.WarmUp} is negative: use 0 or more (0 turns warm-up off).");
        }

        if (options.PlacementTtl <= TimeSpan.Zero)
        {
            errors.Add($"LocatorOptions.PlacementTtl {options.PlacementTtl} must be positive.");
        }

        if (options.ExpiredRetention < TimeSpan.Zero)
        {
            errors.Add($"LocatorOptions.ExpiredRetention {options.ExpiredRetention} is negative: use 0 or more.");
        }

        if (options.ControllerToken is { } token && (token.Length < 16 || token.Any(char.IsWhiteSpace)))
        {
            errors.Add("LocatorOptions.ControllerToken must be at least 16 characters with no white space: generate one with 'openssl rand -hex 32'.");
        }

        ValidateStore(options, errors);
        ValidateStoreTls(options, errors);
        ValidateServerTls(options, errors);

        ValidateUrls(options, errors);
        ValidateAllowedHosts(options, errors);

        // Fair placement and rate limits.
        ValidateFairness(options, errors);

        // Limits.
        ValidateLimits(options, errors);

        // Sharing placement counts between locators.
        ValidateSharing(options, errors);
        // Locate over DNS (issue 16).
        ValidateDns(options, errors);

        // Peer discovery through etcd.
        if (options.AdvertiseUrl is { } advertise && !(Uri.TryCreate(advertise, UriKind.Absolute, out var advertised) && Sharing.AdvertisedUrl.IsConcrete(advertised)))
        {
            errors.Add($"LocatorOptions.AdvertiseUrl '{advertise}' is not a URL other locators can reach: give an absolute http:// or https:// URL naming this locator's host, not a wildcard or localhost, for example http://10.0.0.2:7400.");
        }

        // Telemetry.
        if (Protocol.Diagnostics.OtlpEndpoint.Problem(options.OtlpEndpoint, "LocatorOptions.OtlpEndpoint") is { } otlp)
        {
            errors.Add(otlp);
        }

        return errors;
    }

    private static void ValidateStore(LocatorOptions options, List<string> errors)
    {
        if (!options.IsSharedStore)
        {
            if (options.Store != "memory")
            {
                errors.Add($"LocatorOptions.Store '{options.Store}' is unknown: use 'memory', or etcd://HOST:PORT[,HOST:PORT…] (etcds:// for TLS) to share the registry between locators.");
            }

            return;
        }

        if (!EtcdStoreAddress.TryParse(options.Store, out _, out _, out var storeError))
        {
            errors.Add(storeError!);
        }

        if (options.StorePrefix is not ['/', .., '/'] || options.StorePrefix.Any(char.IsWhiteSpace))
        {
            errors.Add($"LocatorOptions.StorePrefix '{options.StorePrefix}' must start and end with '/' and have no white space, for example /clusterlocator/.");
        }
    }

    /// <summary>Which TLS files go together; what the files hold is checked when they are loaded.</summary>
    private static void ValidateStoreTls(LocatorOptions options, List<string> errors)
    {
        var given = TlsPropertiesGiven(options).ToList();
        if (given.Count == 0)
        {
            return;
        }

        if (!options.Store.StartsWith(EtcdStoreAddress.TlsScheme, StringComparison.Ordinal))
        {
            var names = given.Count == 1 ? given[0] : $"{string.Join(", ", given[..^1])} and {given[^1]}";
            errors.Add($"{names} {(given.Count == 1 ? "is" : "are")} only for a TLS etcd store, and the store is '{options.Store}': use LocatorOptions.Store etcds://HOST:PORT[,HOST:PORT…], or leave {(given.Count == 1 ? "it" : "them")} out.");
            return;
        }

        if (options.StoreCert is null != options.StoreKey is null)
        {
            errors.Add(options.StoreCert is null
                ? "LocatorOptions.StoreKey is given without LocatorOptions.StoreCert: give the PEM client certificate the key belongs to as well, or neither."
                : "LocatorOptions.StoreCert is given without LocatorOptions.StoreKey: give the PEM file of the certificate's private key as well, or neither.");
        }
    }

    /// <summary>The certificate and its key go together, and with <c>https://</c> URLs; what the files hold is checked when they are loaded.</summary>
    private static void ValidateServerTls(LocatorOptions options, List<string> errors)
    {
        if (options.TlsCert is null != options.TlsKey is null)
        {
            errors.Add(options.TlsCert is null
                ? "LocatorOptions.TlsKey is given without LocatorOptions.TlsCert: give the PEM server certificate the key belongs to as well, or neither."
                : "LocatorOptions.TlsCert is given without LocatorOptions.TlsKey: give the PEM file of the certificate's private key as well, or neither.");
        }

        var https = options.EffectiveUrls.Where(url => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)).ToList();
        if (options.TlsCert is null && options.TlsKey is null)
        {
            foreach (var url in https)
            {
                errors.Add($"LocatorOptions.Urls '{url}' is https:// but the locator has no certificate: give LocatorOptions.TlsCert and LocatorOptions.TlsKey (PEM files), or use http://.");
            }
        }
        else if (https.Count == 0)
        {
            errors.Add($"LocatorOptions.TlsCert is given but no LocatorOptions.Urls is https://, so it would serve nothing: listen on an https:// URL (for example {LocatorOptions.DefaultUrl.Replace("http://", "https://", StringComparison.Ordinal)}), or leave the certificate out.");
        }

        if (options.ClientCa is not null && (options.TlsCert is null || https.Count == 0))
        {
            errors.Add("LocatorOptions.ClientCa is given but the locator serves no https:// URL, and client certificates come only over TLS: give LocatorOptions.TlsCert and LocatorOptions.TlsKey and listen on an https:// URL, or leave the client CA out.");
        }
    }

    private static IEnumerable<string> TlsPropertiesGiven(LocatorOptions options)
    {
        if (options.StoreCa is not null)
        {
            yield return "LocatorOptions.StoreCa";
        }

        if (options.StoreCert is not null)
        {
            yield return "LocatorOptions.StoreCert";
        }

        if (options.StoreKey is not null)
        {
            yield return "LocatorOptions.StoreKey";
        }
    }

    /// <summary>
    /// Of <paramref name="addresses"/>, those beyond loopback that the options leave unguarded: no
    /// controller token, and not <see cref="LocatorOptions.Insecure"/>. The one rule for listening
    /// beyond loopback, applied to the configured URLs and to the addresses the server bound.
    /// </summary>
    internal static IReadOnlyList<string> UnguardedBeyondLoopback(LocatorOptions options, IEnumerable<string> addresses) =>
        options.ControllerToken is not null || options.CredentialsFile is not null || options.Insecure
            ? []
            : [.. addresses.Where(address => !ListenAddresses.IsLoopback(address))];

    /// <summary>Why a locator that has bound <paramref name="addresses"/> beyond loopback, unguarded, must not start.</summary>
    internal static string BoundBeyondLoopbackError(IReadOnlyList<string> addresses) =>
        $"The locator listens on {string.Join(", ", addresses)}, beyond loopback, without a controller token or credentials, so anyone who reaches it could register a rogue controller "
        + "(set by LocatorOptions.Urls, or by the server's own configuration such as Kestrel:Endpoints or ASPNETCORE_URLS): "
        + "give LocatorOptions.ControllerToken or LocatorOptions.CredentialsFile, set LocatorOptions.Insecure to accept that, or listen on 127.0.0.1 only.";

    private static void ValidateUrls(LocatorOptions options, List<string> errors)
    {
        foreach (var url in options.EffectiveUrls)
        {
            if (!ListenAddresses.TryParse(url, out var uri))
            {
                errors.Add($"LocatorOptions.Urls '{url}' is invalid: use http://HOST:PORT, for example {LocatorOptions.DefaultUrl}.");
            }
            else if (ListenAddresses.IsHostName(uri))
            {
                errors.Add($"LocatorOptions.Urls '{url}' names the host '{ListenAddresses.WrittenHost(uri)}', which the server does not look up: it would listen on every interface. Use an IP address ({LocatorOptions.DefaultUrl} for this machine only, or the address of one interface), or http://0.0.0.0:{uri.Port} with LocatorOptions.ControllerToken for every interface.");
            }
            else if (UnguardedBeyondLoopback(options, [url]).Count > 0)
            {
                errors.Add($"LocatorOptions.Urls '{url}' listens beyond loopback without a controller token or credentials, so anyone could register a rogue controller: give LocatorOptions.ControllerToken or LocatorOptions.CredentialsFile, or set LocatorOptions.Insecure to accept that.");
            }
        }
    }

    private static void ValidateAllowedHosts(LocatorOptions options, List<string> errors)
    {
        foreach (var host in options.AllowedHosts)
        {
            if (string.IsNullOrEmpty(host) || Uri.CheckHostName(host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host) == UriHostNameType.Unknown)
            {
                errors.Add($"LocatorOptions.AllowedHosts '{host}' is not a host name or IP address: give the name clients put in the URL, without scheme or port, for example locator.internal.");
            }
        }
    }

    /// <summary>Fair placement and rate limits: what one client may count and ask for.</summary>
    private static void ValidateFairness(LocatorOptions options, List<string> errors)
    {
        if (!(options.ClientPlacementShare > 0 && options.ClientPlacementShare <= 1))
        {
            errors.Add($"LocatorOptions.ClientPlacementShare {options.ClientPlacementShare.ToString(System.Globalization.CultureInfo.InvariantCulture)} is out of range: use a fraction of the service's capacity above 0 and at most 1 (0.1 is 10 %; 1 counts every placement).");
        }

        if (options.ClientRate is < 0 or > MaxClientRate)
        {
            errors.Add($"LocatorOptions.ClientRate {options.ClientRate} is out of range: use 1 to {MaxClientRate} locates a second per client, or 0 for no limit.");
        }
    }

    /// <summary>The highest <see cref="LocatorOptions.ClientRate"/>: far above what one locator serves.</summary>
    private const int MaxClientRate = 10_000_000;

    private static void ValidateLimits(LocatorOptions options, List<string> errors)
    {
        CheckCount(errors, "LocatorOptions.MaxClusters", options.MaxClusters, 1_000_000);
        CheckCount(errors, "LocatorOptions.MaxServices", options.MaxServices, 1_000_000);
        CheckCount(errors, "LocatorOptions.MaxClustersPerService", options.MaxClustersPerService, 1_000_000);
        CheckCount(errors, "LocatorOptions.MaxConnections", options.MaxConnections, 1_000_000);

        if (options.KeepAliveTimeout < TimeSpan.FromSeconds(1) || options.KeepAliveTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"LocatorOptions.KeepAliveTimeout {options.KeepAliveTimeout} is out of range: use 1s to 10m (30s is the default).");
        }

        if (options.RequestHeadersTimeout < TimeSpan.FromSeconds(1) || options.RequestHeadersTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"LocatorOptions.RequestHeadersTimeout {options.RequestHeadersTimeout} is out of range: use 1s to 5m (10s is the default).");
        }
    }

    private static void CheckCount(List<string> errors, string property, int value, int max)
    {
        if (value < 1 || value > max)
        {
            errors.Add($"{property} {value} is out of range: use 1 to {max}.");
        }
    }

    /// <summary>Sharing placement counts between locators: the peers and how often they hear from this one.</summary>
    private static void ValidateSharing(LocatorOptions options, List<string> errors)
    {
        // A peer configured by hand and the same locator announced in etcd differ in URL more often
        // than not, and would then be sent every batch twice.
        if (options.IsSharedStore && options.Peers.Count > 0)
        {
            errors.Add("LocatorOptions.Peers is set with the etcd store: with the etcd store locators find each other; LocatorOptions.Peers is for the memory store. Remove the peers, and give each locator its own LocatorOptions.AdvertiseUrl if the address it binds does not reach it.");
        }

        if (options.Peers.Count > LocatorOptions.MaxPeers)
        {
            errors.Add($"LocatorOptions.Peers has {options.Peers.Count} locators: use at most {LocatorOptions.MaxPeers}; every sync interval sends a request to each, so share counts within a group of locators that serve the same clients.");
        }

        var own = options.EffectiveUrls.Select(url => PeerAddress.TryParse(url, out var uri) ? uri : null).OfType<Uri>().ToList();
        var seen = new List<Uri>();
        foreach (var peer in options.Peers)
        {
            if (!PeerAddress.TryParse(peer, out var uri))
            {
                errors.Add($"LocatorOptions.Peers '{peer}' is not a locator's base URL: use http://HOST:PORT or https://HOST:PORT, without user, query or fragment, for example http://10.0.0.3:7400.");
            }
            else if (own.Any(url => PeerAddress.SamePlace(url, uri)))
            {
                errors.Add($"LocatorOptions.Peers '{peer}' is this locator's own URL (LocatorOptions.Urls): give the other locators only.");
            }
            else if (seen.Any(url => PeerAddress.SamePlace(url, uri)))
            {
                errors.Add($"LocatorOptions.Peers '{peer}' is given twice: give each peer once, or it would be counted twice.");
            }
            else
            {
                seen.Add(uri);
            }
        }

        if (options.PeerSyncInterval is { } sync && (sync < LocatorOptions.MinPeerSyncInterval || sync > options.ReportInterval))
        {
            errors.Add($"LocatorOptions.PeerSyncInterval {sync} is out of range: use {LocatorOptions.MinPeerSyncInterval.TotalMilliseconds:0}ms up to the report interval (LocatorOptions.ReportInterval {options.ReportInterval}); a tenth of it is the default, and counts older than a report are dropped anyway.");
        }
    }

    /// <summary>Locate over DNS (issue 16): where it listens, its domain and the answers' TTL.</summary>
    private static void ValidateDns(LocatorOptions options, List<string> errors)
    {
        if (options.Dns is { } dns && !Dns.DnsAddress.TryParse(dns, out _))
        {
            errors.Add($"LocatorOptions.Dns '{dns}' is not an address to listen on: use IP:PORT, for example 127.0.0.1:8600 or [::1]:8600 (port 0 binds a free one).");
        }

        if (!Dns.DnsAddress.TryParseDomain(options.DnsDomain, out _))
        {
            errors.Add($"LocatorOptions.DnsDomain '{options.DnsDomain}' is not a DNS domain: use one or more labels of letters, digits and hyphens, for example locator. or locate.example.internal.");
        }

        if (options.DnsTtl < TimeSpan.Zero || options.DnsTtl > TimeSpan.FromHours(1) || options.DnsTtl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"LocatorOptions.DnsTtl {options.DnsTtl} is out of range: use whole seconds from 0 to 1h (0 is the default: each query is a fresh, counted decision).");
        }
    }
}
