using System.Net;
using ClusterLocator.Locator.Placement;
using ClusterLocator.Locator.Registry.Etcd;
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

        foreach (var url in options.EffectiveUrls)
        {
            // Kestrel reads '*' and '+' as "every address"; Uri does not parse them.
            var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"LocatorOptions.Urls '{url}' is invalid: use http://HOST:PORT, for example {LocatorOptions.DefaultUrl}.");
            }
            else if (!IsLoopback(uri) && options.ControllerToken is null && options.CredentialsFile is null && !options.Insecure)
            {
                errors.Add($"LocatorOptions.Urls '{url}' listens beyond loopback without a controller token or credentials, so anyone could register a rogue controller: give LocatorOptions.ControllerToken or LocatorOptions.CredentialsFile, or set LocatorOptions.Insecure to accept that.");
            }
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

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
