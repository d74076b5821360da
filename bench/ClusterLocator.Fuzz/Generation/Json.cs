using System.Text;

namespace ClusterLocator.Fuzz.Generation;

/// <summary>JSON text written by hand, so that a mutation can produce what no serializer would.</summary>
internal static class Json
{
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case < ' ':
                    text.Append($"\\u{(int)c:x4}");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return text.Append('"').ToString();
    }

    /// <summary>An object of <paramref name="fields"/> (name, JSON value) in their order, duplicates kept.</summary>
    public static string Object(IEnumerable<KeyValuePair<string, string>> fields) =>
        "{" + string.Join(",", fields.Select(f => Quote(f.Key) + ":" + f.Value)) + "}";
}
