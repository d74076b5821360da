using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace ClusterLocator.Locator.Api;

/// <summary>
/// The parameters of <c>GET /v1/locate</c>, read straight from the query string as
/// <see cref="HttpRequest.Query"/> would read them (names without regard to case, <c>+</c> and
/// <c>%XX</c> decoded, a repeated name keeping every value), without building its dictionary:
/// only the values of the six names are made into strings.
/// </summary>
internal readonly struct LocateQuery
{
    private LocateQuery(StringValues service, StringValues protocol, StringValues zone, StringValues exclude, StringValues key, StringValues explain, bool hasExplain)
    {
        Service = service;
        Protocol = protocol;
        Zone = zone;
        Exclude = exclude;
        Key = key;
        Explain = explain;
        HasExplain = hasExplain;
    }

    public StringValues Service { get; }

    public StringValues Protocol { get; }

    public StringValues Zone { get; }

    public StringValues Exclude { get; }

    public StringValues Key { get; }

    public StringValues Explain { get; }

    /// <summary>Whether <c>explain</c> was given at all, even empty.</summary>
    public bool HasExplain { get; }

    /// <summary>Reads <paramref name="queryString"/> (<c>?a=b&amp;…</c>, or empty).</summary>
    public static LocateQuery Parse(QueryString queryString)
    {
        Values service = default, protocol = default, zone = default, exclude = default, key = default, explain = default;
        var hasExplain = false;
        foreach (var pair in new QueryStringEnumerable(queryString.Value))
        {
            var name = pair.DecodeName().Span;
            if (name.Equals("service", StringComparison.OrdinalIgnoreCase))
            {
                service.Add(pair);
            }
            else if (name.Equals("protocol", StringComparison.OrdinalIgnoreCase))
            {
                protocol.Add(pair);
            }
            else if (name.Equals("zone", StringComparison.OrdinalIgnoreCase))
            {
                zone.Add(pair);
            }
            else if (name.Equals("exclude", StringComparison.OrdinalIgnoreCase))
            {
                exclude.Add(pair);
            }
            else if (name.Equals("key", StringComparison.OrdinalIgnoreCase))
            {
                key.Add(pair);
            }
            else if (name.Equals("explain", StringComparison.OrdinalIgnoreCase))
            {
                explain.Add(pair);
                hasExplain = true;
            }
        }

        return new LocateQuery(service.ToStringValues(), protocol.ToStringValues(), zone.ToStringValues(), exclude.ToStringValues(), key.ToStringValues(), explain.ToStringValues(), hasExplain);
    }

    /// <summary>
    /// The values of one name as they come: the first in a field, the rest in a list made at the second,
    /// so a name repeated n times costs O(n), not the O(n²) of concatenating arrays.
    /// </summary>
    private struct Values
    {
        private string? _first;
        private List<string>? _all;

        public void Add(QueryStringEnumerable.EncodedNameValuePair pair)
        {
            var value = pair.DecodeValue().ToString();
            if (_first is null)
            {
                _first = value;
            }
            else
            {
                (_all ??= [_first]).Add(value);
            }
        }

        public readonly StringValues ToStringValues() =>
            _all is not null ? new StringValues([.. _all]) : _first is not null ? new StringValues(_first) : default;
    }
}
