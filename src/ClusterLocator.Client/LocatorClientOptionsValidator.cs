using System.Net;
using ClusterLocator.Protocol.Tls;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Client;

/// <summary>Checks <see cref="LocatorClientOptions"/>, collecting every problem with its fix.</summary>
internal sealed class LocatorClientOptionsValidator : IValidateOptions<LocatorClientOptions>
{
    public const int MaxAttemptsLimit = 64;

    public static readonly TimeSpan MaxPlacementTtlLimit = TimeSpan.FromDays(1);

    /// <summary>The properties of the TLS files, as messages name them.</summary>
    public static readonly TlsFiles TlsProperties = new(Name(nameof(LocatorClientOptions.LocatorCa)), Name(nameof(LocatorClientOptions.TlsClientCert)), Name(nameof(LocatorClientOptions.TlsClientKey)));

    /// <summary>Whose process reads the TLS files, as messages say it.</summary>
    public const string FileReader = "this process's user";

    public ValidateOptionsResult Validate(string? name, LocatorClientOptions options)
    {
        var errors = Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IReadOnlyList<string> Validate(LocatorClientOptions options)
    {
        var errors = new List<string>();
        if (options.Locators.Count == 0)
        {
            errors.Add($"{Name(nameof(options.Locators))} is empty: add the base URL of at least one locator, such as http://127.0.0.1:7400.");
        }

        foreach (var locator in options.Locators)
        {
            if (locator is null || !locator.IsAbsoluteUri || locator.Scheme is not ("http" or "https"))
            {
                errors.Add($"{Name(nameof(options.Locators))} has '{locator}', which is not an absolute http:// or https:// URL: give one such as http://127.0.0.1:7400.");
            }
        }

        Positive(errors, nameof(options.LocatorTimeout), options.LocatorTimeout);
        Positive(errors, nameof(options.ConnectTimeout), options.ConnectTimeout);
        if (options.RefusalWindow < TimeSpan.Zero)
        {
            errors.Add($"{Name(nameof(options.RefusalWindow))} is {options.RefusalWindow}: use zero (no check) or a positive time such as 50ms.");
        }

        if (options.MaxAttempts is < 1 or > MaxAttemptsLimit)
        {
            errors.Add($"{Name(nameof(options.MaxAttempts))} is {options.MaxAttempts}: use 1 to {MaxAttemptsLimit} clusters per session.");
        }

        var tls = new PemFileReader(FileReader);
        ClientTls.Validate(tls, TlsProperties, options.LocatorCa, options.TlsClientCert, options.TlsClientKey, options.Locators, Name(nameof(options.Locators)));
        errors.AddRange(tls.Errors);

        // What the SDK accepts from a locator.
        if (options.MaxPlacementTtl < TimeSpan.Zero || options.MaxPlacementTtl > MaxPlacementTtlLimit)
        {
            errors.Add($"{Name(nameof(options.MaxPlacementTtl))} is {options.MaxPlacementTtl}: use zero (placements not reused) to 1 day, such as 5m.");
        }

        foreach (var network in options.AllowedNetworks)
        {
            if (!IsRange(network))
            {
                errors.Add($"{Name(nameof(options.AllowedNetworks))} has '{network}', which is not an address range: give one in CIDR form with no bits set past the prefix, such as 10.0.0.0/8 or fd00::/8.");
            }
        }

        if (options.Token is { } token && (token.Length == 0 || token.Any(c => c is <= ' ' or > '~')))
        {
            // The token itself stays out of the message.
            errors.Add($"{Name(nameof(options.Token))} is empty or has a character that cannot travel in an HTTP header: use printable ASCII without spaces, such as the output of openssl rand -hex 32, or leave it unset.");
        }

        return errors;
    }

    /// <summary>
    /// A CIDR range whose address has no bits past the prefix: <c>10.0.0.1/8</c> would be read as
    /// <c>10.0.0.0/8</c>, a thousand times what a user who meant one host allowed.
    /// </summary>
    private static bool IsRange(string network) =>
        IPNetwork.TryParse(network, out var range)
        && IPAddress.TryParse(network.AsSpan(0, network.IndexOf('/', StringComparison.Ordinal)), out var address)
        && address.Equals(range.BaseAddress);

    private static void Positive(List<string> errors, string property, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value == Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{Name(property)} is {value}: use a positive time such as 2s.");
        }
    }

    /// <summary>The property as an application configures it, such as <c>LocatorClientOptions.LocatorTimeout</c>.</summary>
    private static string Name(string property) => $"{nameof(LocatorClientOptions)}.{property}";
}
