using System.Globalization;

namespace ClusterLocator.Protocol.Validation;

/// <summary>
/// Checks a <see cref="ClusterReport"/> against the contract and collects every error,
/// each naming the field and the fix.
/// </summary>
public static class ReportValidator
{
    /// <summary>The most endpoints a cluster may report.</summary>
    public const int MaxEndpoints = 8;

    /// <summary>Returns every error in <paramref name="report"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(string? clusterId, ClusterReport? report)
    {
        var errors = new List<string>();
        if (!Identifiers.IsValid(clusterId))
        {
            errors.Add($"The cluster id '{Shorten(clusterId)}' is invalid: use {Identifiers.Rule}.");
        }

        if (report is null)
        {
            errors.Add("The body is empty: send the cluster's report as JSON.");
            return errors;
        }

        CheckId(errors, "service", report.Service, required: true);
        CheckId(errors, "incarnation", report.Incarnation, required: true);
        CheckId(errors, "zone", report.Zone, required: false);

        if (report.Seq is null)
        {
            errors.Add("'seq' is missing: send a number that increases with every report of one incarnation.");
        }
        else if (report.Seq < 0)
        {
            errors.Add($"'seq' is {report.Seq}: it must be 0 or more.");
        }

        if (report.State is not null and not ClusterStates.Active and not ClusterStates.Draining)
        {
            errors.Add($"'state' is '{Shorten(report.State)}': it must be '{ClusterStates.Active}' or '{ClusterStates.Draining}'.");
        }

        CheckFraction(errors, "health", report.Health);
        CheckEndpoints(errors, report.Endpoints);
        CheckLoad(errors, report.Load);
        return errors;
    }

    private static void CheckEndpoints(List<string> errors, IReadOnlyList<ClusterEndpoint>? endpoints)
    {
        if (endpoints is null || endpoints.Count == 0)
        {
            errors.Add("'endpoints' is missing or empty: list at least one {\"protocol\": \"tcp\"|\"http\", \"address\": …}.");
            return;
        }

        if (endpoints.Count > MaxEndpoints)
        {
            errors.Add($"'endpoints' has {endpoints.Count} items: send at most {MaxEndpoints}.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var endpoint = endpoints[i];
            var name = $"endpoints[{i}]";
            if (endpoint is null)
            {
                errors.Add($"'{name}' is null: give it a protocol and an address.");
                continue;
            }

            switch (endpoint.Protocol)
            {
                case Protocols.Tcp:
                    if (!EndpointAddress.TryParseTcp(endpoint.Address, out _, out _))
                    {
                        errors.Add($"'{name}.address' is '{Shorten(endpoint.Address)}': a TCP address is host:port (IPv6 as [addr]:port) with a port from 1 to 65535.");
                    }

                    break;
                case Protocols.Http:
                    if (!EndpointAddress.TryParseHttp(endpoint.Address, out _))
                    {
                        errors.Add($"'{name}.address' is '{Shorten(endpoint.Address)}': an HTTP address is an absolute URL such as http://10.0.0.5:9002.");
                    }

                    break;
                default:
                    errors.Add($"'{name}.protocol' is '{Shorten(endpoint.Protocol)}': it must be '{Protocols.Tcp}' or '{Protocols.Http}'.");
                    continue;
            }

            if (!seen.Add(endpoint.Protocol))
            {
                errors.Add($"'{name}' repeats protocol '{endpoint.Protocol}': report one endpoint per protocol.");
            }
        }
    }

    private static void CheckLoad(List<string> errors, ClusterLoad? load)
    {
        if (load is null)
        {
            errors.Add("'load' is missing: send at least {\"sessions\": N, \"capacity\": N}.");
            return;
        }

        if (load.Sessions is null)
        {
            errors.Add("'load.sessions' is missing: send the number of live sessions (0 or more).");
        }
        else if (load.Sessions < 0)
        {
            errors.Add($"'load.sessions' is {load.Sessions}: it must be 0 or more.");
        }

        if (load.Capacity is null)
        {
            errors.Add("'load.capacity' is missing: send how many sessions the cluster is sized for (more than 0).");
        }
        else if (load.Capacity <= 0)
        {
            errors.Add($"'load.capacity' is {load.Capacity}: it must be more than 0.");
        }

        CheckFraction(errors, "load.cpu", load.Cpu);
        CheckFraction(errors, "load.memory", load.Memory);

        if (load.Members < 0)
        {
            errors.Add($"'load.members' is {load.Members}: it must be 0 or more.");
        }

        if (load.HealthyMembers < 0)
        {
            errors.Add($"'load.healthyMembers' is {load.HealthyMembers}: it must be 0 or more.");
        }
        else if (load.HealthyMembers is not null && load.Members is null)
        {
            errors.Add("'load.healthyMembers' is given without 'load.members': send both, or neither.");
        }
        else if (load.HealthyMembers > load.Members)
        {
            errors.Add($"'load.healthyMembers' is {load.HealthyMembers}, more than 'load.members' ({load.Members}): it must be at most that.");
        }
    }

    private static void CheckId(List<string> errors, string field, string? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add($"'{field}' is missing: use {Identifiers.Rule}.");
            }
        }
        else if (!Identifiers.IsValid(value))
        {
            errors.Add($"'{field}' is '{Shorten(value)}': use {Identifiers.Rule}.");
        }
    }

    private static void CheckFraction(List<string> errors, string field, double? value)
    {
        if (value is { } v && (!double.IsFinite(v) || v < 0 || v > 1))
        {
            errors.Add($"'{field}' is {v.ToString(CultureInfo.InvariantCulture)}: it must be a fraction from 0 to 1.");
        }
    }

    /// <summary>Makes a value a client sent safe to quote in an error or a log: at most 80 characters, no control characters.</summary>
    public static string Shorten(string? value)
    {
        if (value is null)
        {
            return "(null)";
        }

        var s = value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");
        return string.Create(s.Length, s, static (span, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                span[i] = char.IsControl(src[i]) ? '?' : src[i];
            }
        });
    }
}
