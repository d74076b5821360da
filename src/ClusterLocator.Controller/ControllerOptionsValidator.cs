using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Controller;

/// <summary>Checks <see cref="ControllerOptions"/> at start-up and lists every problem with its fix.</summary>
public static class ControllerOptionsValidator
{
    /// <summary>Returns every problem in <paramref name="options"/>; empty when the controller can start.</summary>
    public static IReadOnlyList<string> Validate(ControllerOptions options) => Validate(options, embedded: false);

    /// <summary>
    /// The same; an <paramref name="embedded"/> controller is the application itself, so it has no
    /// front door or member of its own to check.
    /// </summary>
    internal static IReadOnlyList<string> Validate(ControllerOptions options, bool embedded)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.ClusterId))
        {
            errors.Add($"The cluster id is missing: give --cluster ID, {Identifiers.Rule}.");
        }
        else if (!Identifiers.IsValid(options.ClusterId))
        {
            errors.Add($"The cluster id '{options.ClusterId}' is invalid: give --cluster {Identifiers.Rule}.");
        }

        if (string.IsNullOrEmpty(options.Service))
        {
            errors.Add($"The service is missing: give --service NAME, {Identifiers.Rule}.");
        }
        else if (!Identifiers.IsValid(options.Service))
        {
            errors.Add($"The service '{options.Service}' is invalid: give --service {Identifiers.Rule}.");
        }

        if (options.Zone is not null && !Identifiers.IsValid(options.Zone))
        {
            errors.Add($"The zone '{options.Zone}' is invalid: use {Identifiers.Rule}.");
        }

        if (options.Capacity <= 0)
        {
            errors.Add($"The capacity {options.Capacity} is invalid: give --capacity, the number of sessions the cluster is sized for (more than 0).");
        }

        if (options.MaxSessions is <= 0)
        {
            errors.Add($"--max-sessions {options.MaxSessions} is invalid: it must be more than 0.");
        }

        if (!embedded)
        {
            ValidateFrontDoorsAndMembers(options, errors);
        }

        if (options.Locators.Count == 0)
        {
            errors.Add("No locator: give --locator URL (repeatable), e.g. --locator http://127.0.0.1:7400.");
        }

        foreach (var locator in options.Locators)
        {
            if (!locator.IsAbsoluteUri || locator.Scheme is not ("http" or "https"))
            {
                errors.Add($"--locator '{locator}' is not an http(s) URL.");
            }
        }

        if (options.ReportInterval < TimeSpan.FromMilliseconds(10) || options.ReportInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"The report interval {options.ReportInterval} is out of range: use 10ms to 1h.");
        }

        if (options.DrainTimeout < TimeSpan.Zero || options.DrainTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"The drain timeout {options.DrainTimeout} is out of range: use 0s to 1h.");
        }

        if (!options.HealthPath.StartsWith('/'))
        {
            errors.Add($"The health path '{options.HealthPath}' must start with '/'.");
        }

        if (options.ProbeInterval <= TimeSpan.Zero || options.ProbeTimeout <= TimeSpan.Zero)
        {
            errors.Add("The probe interval and timeout must be positive.");
        }

        return errors;
    }

    private static void ValidateFrontDoorsAndMembers(ControllerOptions options, List<string> errors)
    {
        if (options.Listen.Count == 0)
        {
            errors.Add("No front door: give --listen tcp://HOST:PORT and/or --listen http://HOST:PORT.");
        }

        foreach (var group in options.Listen.GroupBy(u => u.Scheme))
        {
            if (group.Key is not ("tcp" or "http"))
            {
                errors.Add($"--listen '{group.First()}' has scheme '{group.Key}': use tcp://HOST:PORT or http://HOST:PORT.");
            }
            else if (group.Count() > 1)
            {
                errors.Add($"--listen is given {group.Count()} times for {group.Key}: give one front door per protocol.");
            }
        }

        foreach (var listen in options.Listen)
        {
            if (listen.Scheme is "tcp" or "http" && (listen.Port < 0 || listen.AbsolutePath != "/"))
            {
                errors.Add($"--listen '{listen}' needs HOST:PORT and nothing after it, e.g. {listen.Scheme}://127.0.0.1:9001.");
            }
            else if (listen.Host != "localhost" && !System.Net.IPAddress.TryParse(listen.Host.Trim('[', ']'), out _))
            {
                errors.Add($"--listen '{listen}' must name an IP address to bind (0.0.0.0 for every address), not a host name; use --advertise to report a name.");
            }
        }

        if (options.Members.Count == 0)
        {
            errors.Add("No member: give --member HOST:PORT once for each server of the cluster.");
        }

        foreach (var member in options.Members)
        {
            if (!EndpointAddress.TryParseTcp(member, out _, out _))
            {
                errors.Add($"--member '{member}' is not HOST:PORT (IPv6 as [addr]:port).");
            }
        }
    }
}
