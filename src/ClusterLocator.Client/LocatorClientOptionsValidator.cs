using ClusterLocator.Protocol.Tls;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Client;

/// <summary>Checks <see cref="LocatorClientOptions"/>, collecting every problem with its fix.</summary>
internal sealed class LocatorClientOptionsValidator : IValidateOptions<LocatorClientOptions>
{
    public const int MaxAttemptsLimit = 64;

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
        return errors;
    }

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
