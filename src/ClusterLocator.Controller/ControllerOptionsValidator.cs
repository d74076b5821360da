using ClusterLocator.Controller.Reporting;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Tls;
using ClusterLocator.Protocol.Validation;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Controller;

/// <summary>
/// Checks <see cref="ControllerOptions"/> and lists every problem with its fix, each naming the
/// property it is about (<c>ControllerOptions.Capacity</c>). Registered by
/// <see cref="ClusterControllerServiceCollectionExtensions.AddClusterController(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>,
/// it runs when the host starts.
/// </summary>
public sealed class ControllerOptionsValidator : IValidateOptions<ControllerOptions>
{
    /// <summary>The shortest floor of change-triggered reports: below it the checks themselves would cost more than they save.</summary>
    private static readonly TimeSpan MinReportOnChange = TimeSpan.FromMilliseconds(10);

    private readonly bool _embedded;

    /// <param name="embedded">
    /// Whether the controller is the application itself, which has no front door or member of its
    /// own to check.
    /// </param>
    internal ControllerOptionsValidator(bool embedded) => _embedded = embedded;

    /// <summary>Returns every problem in <paramref name="options"/> for a standalone controller; empty when it can start.</summary>
    public static IReadOnlyList<string> Validate(ControllerOptions options) => Validate(options, embedded: false);

    /// <inheritdoc/>
    ValidateOptionsResult IValidateOptions<ControllerOptions>.Validate(string? name, ControllerOptions options)
    {
        var errors = Validate(options, _embedded);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static IReadOnlyList<string> Validate(ControllerOptions options, bool embedded)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        ValidateIdentifier(nameof(ControllerOptions.ClusterId), options.ClusterId, "the cluster's id at the locators", errors);
        ValidateIdentifier(nameof(ControllerOptions.Service), options.Service, "the service the cluster serves", errors);
        if (options.Zone is not null && !Identifiers.IsValid(options.Zone))
        {
            errors.Add($"ControllerOptions.Zone '{options.Zone}' is invalid: use {Identifiers.Rule}.");
        }

        if (options.Capacity <= 0)
        {
            errors.Add($"ControllerOptions.Capacity {options.Capacity} is invalid: give the number of sessions the cluster is sized for (more than 0).");
        }

        if (options.MaxSessions is <= 0)
        {
            errors.Add($"ControllerOptions.MaxSessions {options.MaxSessions} is invalid: it must be more than 0.");
        }

        if (!embedded)
        {
            ValidateFrontDoorsAndMembers(options, errors);
        }

        if (options.Locators.Count == 0)
        {
            errors.Add("No locator: give ControllerOptions.Locators a URL for each locator, e.g. http://127.0.0.1:7400.");
        }

        foreach (var locator in options.Locators)
        {
            if (!locator.IsAbsoluteUri || locator.Scheme is not ("http" or "https"))
            {
                errors.Add($"ControllerOptions.Locators '{locator}' is not an http(s) URL.");
            }
        }

        // Telemetry.
        ValidateTelemetry(options, errors);

        var tls = new PemFileReader(LocatorHttpClient.FileReader);
        ClientTls.Validate(tls, LocatorHttpClient.TlsProperties, options.LocatorCa, options.TlsClientCert, options.TlsClientKey, options.Locators, "ControllerOptions.Locators");
        errors.AddRange(tls.Errors);

        if (options.ReportInterval < TimeSpan.FromMilliseconds(10) || options.ReportInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"ControllerOptions.ReportInterval {options.ReportInterval} is out of range: use 10ms to 1h.");
        }

        if (options.DrainTimeout < TimeSpan.Zero || options.DrainTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"ControllerOptions.DrainTimeout {options.DrainTimeout} is out of range: use 0s to 1h.");
        }

        if (!options.HealthPath.StartsWith('/'))
        {
            errors.Add($"ControllerOptions.HealthPath '{options.HealthPath}' must start with '/'.");
        }

        if (options.ProbeInterval <= TimeSpan.Zero)
        {
            errors.Add($"ControllerOptions.ProbeInterval {options.ProbeInterval} must be positive.");
        }

        if (options.ProbeTimeout <= TimeSpan.Zero)
        {
            errors.Add($"ControllerOptions.ProbeTimeout {options.ProbeTimeout} must be positive.");
        }

        // Front doors that one client cannot hold hostage.
        if (options.IdleTimeout != TimeSpan.Zero && (options.IdleTimeout < TimeSpan.FromSeconds(1) || options.IdleTimeout > TimeSpan.FromDays(1)))
        {
            errors.Add($"ControllerOptions.IdleTimeout {options.IdleTimeout} is out of range: use 1s to 24h, or 0s to never close a silent session.");
        }

        if (options.MaxSessionsPerClient is < 0)
        {
            errors.Add($"ControllerOptions.MaxSessionsPerClient {options.MaxSessionsPerClient} is invalid: give the most sessions one client address may hold, or 0 for no such limit.");
        }

        if (options.MaxConnections <= 0)
        {
            errors.Add($"ControllerOptions.MaxConnections {options.MaxConnections} is invalid: give the most connections the HTTP front door keeps open (more than 0).");
        }

        // Change-triggered reports.
        if (options.ReportOnChange is { } floor && (floor < MinReportOnChange || floor > options.ReportInterval))
        {
            errors.Add($"ControllerOptions.ReportOnChange {floor.TotalMilliseconds:0.###}ms is out of range: use {MinReportOnChange.TotalMilliseconds:0}ms up to ControllerOptions.ReportInterval ({options.ReportInterval.TotalMilliseconds:0.###}ms), e.g. a tenth of it, or leave it unset (off) to report only every interval.");
        }

        if (options.ReportChangeThreshold < 1)
        {
            errors.Add($"ControllerOptions.ReportChangeThreshold {options.ReportChangeThreshold} is invalid: give how many sessions opened or closed trigger a report (1 or more).");
        }

        // Pinned HTTP connections.
        if (!Enum.IsDefined(options.HttpMode))
        {
            errors.Add($"ControllerOptions.HttpMode {(int)options.HttpMode} is invalid: use PerRequest or Pinned.");
        }
        else if (!embedded && options.HttpMode == HttpFrontDoorMode.Pinned && options.HttpListen is null)
        {
            errors.Add("ControllerOptions.HttpMode is Pinned but no ControllerOptions.Listen is http:// or https://, so it would pin nothing: add an HTTP front door, or leave the mode PerRequest.");
        }

        return errors;
    }

    private static void ValidateFrontDoorTls(ControllerOptions options, List<string> errors)
    {
        var https = options.Listen.Any(u => u.Scheme == "https");
        var cert = options.FrontDoorTlsCert;
        var key = options.FrontDoorTlsKey;
        if (https && cert is null && key is null)
        {
            errors.Add("ControllerOptions.Listen is https:// and no ControllerOptions.FrontDoorTlsCert is given: give the PEM certificate and key the front door serves, or listen on http://.");
        }
        else if (cert is null != key is null)
        {
            errors.Add(cert is null
                ? "ControllerOptions.FrontDoorTlsKey is given without ControllerOptions.FrontDoorTlsCert: give the PEM certificate the key belongs to as well, or neither."
                : "ControllerOptions.FrontDoorTlsCert is given without ControllerOptions.FrontDoorTlsKey: give the PEM file of the certificate's private key as well, or neither.");
        }

        if (!https && cert is not null)
        {
            errors.Add("ControllerOptions.FrontDoorTlsCert is given but no ControllerOptions.Listen is https://, so it would serve nothing: listen on https://HOST:PORT, or leave the certificate out.");
        }

        var reader = new PemFileReader(LocatorHttpClient.FileReader);
        foreach (var (property, file) in new[] { ("ControllerOptions.FrontDoorTlsCert", cert), ("ControllerOptions.FrontDoorTlsKey", key) })
        {
            if (file is not null)
            {
                reader.Exists(property, file);
            }
        }

        errors.AddRange(reader.Errors);
    }

    private static void ValidateIdentifier(string property, string value, string what, List<string> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add($"ControllerOptions.{property} is missing: give {what}, {Identifiers.Rule}.");
        }
        else if (!Identifiers.IsValid(value))
        {
            errors.Add($"ControllerOptions.{property} '{value}' is invalid: use {Identifiers.Rule}.");
        }
    }

    private static void ValidateFrontDoorsAndMembers(ControllerOptions options, List<string> errors)
    {
        if (options.Listen.Count == 0)
        {
            errors.Add("No front door: give ControllerOptions.Listen tcp://HOST:PORT and/or http://HOST:PORT (https://HOST:PORT for TLS).");
        }

        // http and https are the same front door, with or without TLS.
        foreach (var group in options.Listen.GroupBy(u => u.Scheme == "https" ? Protocols.Http : u.Scheme))
        {
            if (group.Key is not (Protocols.Tcp or Protocols.Http))
            {
                errors.Add($"ControllerOptions.Listen '{group.First()}' has scheme '{group.Key}': use tcp://HOST:PORT, http://HOST:PORT or https://HOST:PORT.");
            }
            else if (group.Count() > 1)
            {
                errors.Add($"ControllerOptions.Listen is given {group.Count()} times for {group.Key}: give one front door per protocol.");
            }
        }

        foreach (var listen in options.Listen)
        {
            if (listen.Scheme is "tcp" or "http" or "https" && (listen.Port < 0 || listen.AbsolutePath != "/"))
            {
                errors.Add($"ControllerOptions.Listen '{listen}' needs HOST:PORT and nothing after it, e.g. {listen.Scheme}://127.0.0.1:9001.");
            }
            else if (listen.Host != "localhost" && !System.Net.IPAddress.TryParse(listen.Host.Trim('[', ']'), out _))
            {
                errors.Add($"ControllerOptions.Listen '{listen}' must name an IP address to bind (0.0.0.0 for every address), not a host name; use ControllerOptions.AdvertiseHost to report a name.");
            }
        }

        ValidateFrontDoorTls(options, errors);

        if (options.Members.Count == 0)
        {
            errors.Add("No member: give ControllerOptions.Members HOST:PORT once for each server of the cluster.");
        }

        foreach (var member in options.Members)
        {
            if (!EndpointAddress.TryParseTcp(member, out _, out _))
            {
                errors.Add($"ControllerOptions.Members '{member}' is not HOST:PORT (IPv6 as [addr]:port).");
            }
        }
    }

    // Telemetry.
    private static void ValidateTelemetry(ControllerOptions options, List<string> errors)
    {
        foreach (var url in options.AdminUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var admin) || admin.Scheme != "http" || admin.AbsolutePath != "/"
                || (admin.Host != "localhost" && !System.Net.IPAddress.TryParse(admin.Host.Trim('[', ']'), out _)))
            {
                errors.Add($"ControllerOptions.AdminUrls '{url}' is not an address to listen on: give http://IP:PORT, for example http://127.0.0.1:7402 (port 0 picks a free one).");
            }
        }

        if (Protocol.Diagnostics.OtlpEndpoint.Problem(options.OtlpEndpoint, "ControllerOptions.OtlpEndpoint") is { } otlp)
        {
            errors.Add(otlp);
        }
    }
}
