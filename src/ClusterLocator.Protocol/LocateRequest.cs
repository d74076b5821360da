using System.Text;
using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Protocol;

/// <summary>The connection request: <c>GET /v1/locate?service=S[&amp;protocol=…][&amp;zone=…][&amp;exclude=…][&amp;key=…]</c>.</summary>
public sealed record LocateRequest
{
    /// <summary>The most clusters one request may exclude.</summary>
    public const int MaxExcluded = 64;

    /// <summary>The longest affinity key accepted.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The service to locate.</summary>
    public required string Service { get; init; }

    /// <summary><c>tcp</c>, <c>http</c>, or null for whichever the cluster prefers.</summary>
    public string? Protocol { get; init; }

    /// <summary>The client's zone; clusters in it are preferred while one is eligible.</summary>
    public string? Zone { get; init; }

    /// <summary>Clusters not to choose (for instance one that just refused a connection).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>An affinity key: the same key lands on the same cluster while it stays eligible.</summary>
    public string? Key { get; init; }

    /// <summary>
    /// Reads a request from query values, collecting every error. Absent values are null;
    /// <paramref name="exclude"/> is the comma-separated list.
    /// </summary>
    public static LocateRequest? Parse(string? service, string? protocol, string? zone, string? exclude, string? key, out IReadOnlyList<string> errors) =>
        Create(
            service,
            protocol,
            zone,
            string.IsNullOrEmpty(exclude) ? [] : exclude.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            key,
            out errors);

    /// <summary>
    /// Checks a request given as values, collecting every error, as <see cref="Parse"/> does; here
    /// <paramref name="exclude"/> is already the list of cluster ids.
    /// </summary>
    public static LocateRequest? Create(string? service, string? protocol, string? zone, IReadOnlyCollection<string> exclude, string? key, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        var list = new List<string>();
        if (string.IsNullOrEmpty(service))
        {
            list.Add("'service' is missing: add ?service=NAME, the service whose cluster you want.");
        }
        else if (!Identifiers.IsValid(service))
        {
            list.Add($"'service' is '{ReportValidator.Shorten(service)}': use {Identifiers.Rule}.");
        }

        if (!string.IsNullOrEmpty(protocol) && protocol is not (Protocols.Tcp or Protocols.Http))
        {
            list.Add($"'protocol' is '{ReportValidator.Shorten(protocol)}': use '{Protocols.Tcp}' or '{Protocols.Http}', or leave it out.");
        }

        if (!string.IsNullOrEmpty(zone) && !Identifiers.IsValid(zone))
        {
            list.Add($"'zone' is '{ReportValidator.Shorten(zone)}': use {Identifiers.Rule}.");
        }

        if (key is { Length: > MaxKeyLength })
        {
            list.Add($"'key' has {key.Length} characters: use at most {MaxKeyLength}.");
        }

        if (exclude.Count > MaxExcluded)
        {
            list.Add($"'exclude' lists {exclude.Count} clusters: list at most {MaxExcluded}.");
        }
        else
        {
            foreach (var id in exclude)
            {
                if (!Identifiers.IsValid(id))
                {
                    list.Add($"'exclude' has '{ReportValidator.Shorten(id)}': each cluster id is {Identifiers.Rule}, separated by commas.");
                }
            }
        }

        errors = list;
        return list.Count > 0
            ? null
            : new LocateRequest
            {
                Service = service!,
                Protocol = string.IsNullOrEmpty(protocol) ? null : protocol,
                Zone = string.IsNullOrEmpty(zone) ? null : zone,
                Exclude = [.. exclude],
                Key = string.IsNullOrEmpty(key) ? null : key,
            };
    }

    /// <summary>The path and query of this request, relative to the locator's base URL.</summary>
    public string ToPathAndQuery()
    {
        var sb = new StringBuilder("v1/locate?service=").Append(Uri.EscapeDataString(Service));
        Append(sb, "protocol", Protocol);
        Append(sb, "zone", Zone);
        if (Exclude.Count > 0)
        {
            Append(sb, "exclude", string.Join(',', Exclude));
        }

        Append(sb, "key", Key);
        return sb.ToString();

        static void Append(StringBuilder sb, string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                sb.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }
    }
}
