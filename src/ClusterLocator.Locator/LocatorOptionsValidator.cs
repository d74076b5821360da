using System.Net;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry.Etcd;

namespace ClusterLocator.Locator;

/// <summary>Checks <see cref="LocatorOptions"/> at start-up and lists every problem with its fix.</summary>
public static class LocatorOptionsValidator
{
    /// <summary>Returns every problem in <paramref name="options"/>; empty when the locator can start.</summary>
    public static IReadOnlyList<string> Validate(LocatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (!PlacementPolicies.All.Contains(options.Policy))
        {
            errors.Add($"The policy '{options.Policy}' is unknown: use one of {string.Join(", ", PlacementPolicies.All)}.");
        }

        if (options.ReportInterval < TimeSpan.FromMilliseconds(10) || options.ReportInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"The report interval {options.ReportInterval} is out of range: use 10ms to 1h.");
        }

        if (options.Lease > TimeSpan.FromHours(1))
        {
            errors.Add($"The lease {options.Lease} is too long: use at most 1h; a dead cluster would keep being placed that long.");
        }
        else if (options.Lease is { } lease && lease < options.ReportInterval)
        {
            errors.Add($"The lease {lease} is shorter than the report interval {options.ReportInterval}: every cluster would expire between two reports; use at least the interval (3× is the default).");
        }

        if (options.WarmUp < TimeSpan.Zero)
        {
            errors.Add("The warm-up must be 0 or more.");
        }

        if (options.PlacementTtl <= TimeSpan.Zero)
        {
            errors.Add("The placement TTL must be positive.");
        }

        if (options.ExpiredRetention < TimeSpan.Zero)
        {
            errors.Add("The expired retention must be 0 or more.");
        }

        if (options.ControllerToken is { } token && (token.Length < 16 || token.Any(char.IsWhiteSpace)))
        {
            errors.Add("The controller token must be at least 16 characters with no white space: generate one with 'openssl rand -hex 32'.");
        }

        if (options.IsSharedStore)
        {
            if (!EtcdStoreAddress.TryParse(options.Store, out _, out _, out var storeError))
            {
                errors.Add(storeError!);
            }

            if (options.StorePrefix is not ['/', .., '/'] || options.StorePrefix.Any(char.IsWhiteSpace))
            {
                errors.Add($"The store prefix '{options.StorePrefix}' must start and end with '/' and have no white space, for example /clusterlocator/.");
            }
        }
        else if (options.Store != "memory")
        {
            errors.Add($"The store '{options.Store}' is unknown: use 'memory', or etcd://HOST:PORT[,HOST:PORT…] (etcds:// for TLS) to share the registry between locators.");
        }

        ValidateStoreTls(options, errors);

        foreach (var url in options.EffectiveUrls)
        {
            // Kestrel reads '*' and '+' as "every address"; Uri does not parse them.
            var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"The URL '{url}' is invalid: use http://HOST:PORT, for example {LocatorOptions.DefaultUrl}.");
            }
            else if (!IsLoopback(uri) && options.ControllerToken is null && !options.Insecure)
            {
                errors.Add($"The URL '{url}' listens beyond loopback without a controller token, so anyone could register a rogue controller: give a token (--controller-token-file or CLUSTERLOCATOR_CONTROLLER_TOKEN), or pass --insecure to accept that.");
            }
        }

        return errors;
    }

    /// <summary>The TLS files are read here, so a bad one stops the start rather than every call to etcd.</summary>
    private static void ValidateStoreTls(LocatorOptions options, List<string> errors)
    {
        var given = EtcdTls.FlagsGiven(options).ToList();
        if (given.Count == 0)
        {
            return;
        }

        if (!options.Store.StartsWith(EtcdStoreAddress.TlsScheme, StringComparison.Ordinal))
        {
            var flags = given.Count == 1 ? given[0] : $"{string.Join(", ", given[..^1])} and {given[^1]}";
            errors.Add($"{flags} {(given.Count == 1 ? "is" : "are")} only for a TLS etcd store, and the store is '{options.Store}': use --store etcds://HOST:PORT[,HOST:PORT…], or leave {(given.Count == 1 ? "it" : "them")} out.");
            return;
        }

        EtcdTls.TryLoad(options, errors)?.Dispose();
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
