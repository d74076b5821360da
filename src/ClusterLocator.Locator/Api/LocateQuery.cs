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
        StringValues service = default, protocol = default, zone = default, exclude = default, key = default, explain = default;
        var hasExplain = false;
        foreach (var pair in new QueryStringEnumerable(queryString.Value))
        {
            var name = pair.DecodeName().Span;
            if (name.Equals("service", StringComparison.OrdinalIgnoreCase))
            {
                Append(ref service, pair);
            }
            else if (name.Equals("protocol", StringComparison.OrdinalIgnoreCase))
            {
                Append(ref protocol, pair);
            }
            else if (name.Equals("zone", StringComparison.OrdinalIgnoreCase))
            {
                Append(ref zone, pair);
            }
            else if (name.Equals("exclude", StringComparison.OrdinalIgnoreCase))
            {
                Append(ref exclude, pair);
            }
            else if (name.Equals("key", StringComparison.OrdinalIgnoreCase))
            {
                Append(ref key, pair);
            }
            else if (name.Equals("explain", StringComparison.OrdinalIgnoreCase))
            {
                Append(ref explain, pair);
                hasExplain = true;
            }
        }

        return new LocateQuery(service, protocol, zone, exclude, key, explain, hasExplain);
    }

    private static void Append(ref StringValues values, QueryStringEnumerable.EncodedNameValuePair pair)
    {
        var value = pair.DecodeValue().ToString();
        values = values.Count == 0 ? new StringValues(value) : StringValues.Concat(values, value);
    }
}
