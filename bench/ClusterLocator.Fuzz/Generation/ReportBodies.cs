using System.Globalization;
using System.Text;

namespace ClusterLocator.Fuzz.Generation;

/// <summary>
/// Report bodies for <c>PUT /v1/clusters/{id}</c>: a valid one, and structural mutations of it made
/// field by field (so that they stay close enough to valid to reach the validator), then sometimes
/// byte by byte (so that they reach the JSON reader's edges).
/// </summary>
internal static class ReportBodies
{
    private static readonly string[] Fields = ["service", "incarnation", "seq", "endpoints", "zone", "state", "load", "health"];
    private static readonly string[] LoadFields = ["sessions", "capacity", "cpu", "memory", "healthyMembers", "members"];

    /// <summary>The fields of a valid report, as (name, JSON value).</summary>
    public static List<KeyValuePair<string, string>> Valid(Random random, string service, string incarnation, long seq)
    {
        var capacity = random.Next(1, 1000);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("service", Json.Quote(service)),
            new("incarnation", Json.Quote(incarnation)),
            new("seq", seq.ToString(CultureInfo.InvariantCulture)),
            new("endpoints", Endpoints(random)),
        };
        if (random.Next(2) == 0)
        {
            fields.Add(new("zone", Json.Quote($"z{random.Next(3)}")));
        }

        if (random.Next(10) == 0)
        {
            fields.Add(new("state", random.Next(2) == 0 ? "\"draining\"" : "\"active\""));
        }

        var load = new List<KeyValuePair<string, string>>
        {
            new("sessions", random.Next(0, capacity + 1).ToString(CultureInfo.InvariantCulture)),
            new("capacity", capacity.ToString(CultureInfo.InvariantCulture)),
        };
        if (random.Next(2) == 0)
        {
            load.Add(new("cpu", (random.NextDouble()).ToString("0.###", CultureInfo.InvariantCulture)));
            load.Add(new("memory", (random.NextDouble()).ToString("0.###", CultureInfo.InvariantCulture)));
            load.Add(new("healthyMembers", "2"));
            load.Add(new("members", "3"));
        }

        fields.Add(new("load", Json.Object(load)));
        return fields;
    }

    public static string Text(List<KeyValuePair<string, string>> fields) => Json.Object(fields);

    /// <summary>
    /// Changes <paramref name="fields"/> in one of many ways, and returns the name of the way; the
    /// result may still be a valid report (an unknown field, a null zone).
    /// </summary>
    public static string Mutate(Random random, List<KeyValuePair<string, string>> fields)
    {
        var i = random.Next(fields.Count);
        switch (random.Next(12))
        {
            case 0:
                fields.RemoveAt(i);
                return "remove-field";
            case 1:
            case 2:
                fields[i] = new(fields[i].Key, Garbage.JsonValue(random));
                return "field-value";
            case 3:
                fields.Insert(random.Next(fields.Count + 1), new(fields[i].Key, random.Next(2) == 0 ? fields[i].Value : Garbage.JsonValue(random)));
                return "duplicate-key";
            case 4:
                fields.Insert(random.Next(fields.Count + 1), new(random.Next(3) == 0 ? Garbage.String(random) : "extra", Garbage.JsonValue(random)));
                return "unknown-field";
            case 5:
                fields.Insert(random.Next(fields.Count + 1), new("nested", Nesting(random.Next(2) == 0 ? random.Next(10, 70) : random.Next(500, 5000))));
                return "deep-nesting";
            case 6:
                Replace(fields, "load", Json.Object(LoadFields.Select(f => new KeyValuePair<string, string>(f, Garbage.JsonValue(random))).Where(_ => random.Next(3) > 0)));
                return "load-values";
            case 7:
                Replace(fields, "endpoints", BadEndpoints(random));
                return "endpoints";
            case 8:
                Replace(fields, Fields[random.Next(3)], Json.Quote(Garbage.String(random)));
                return "id-string";
            case 9:
                Replace(fields, "health", Garbage.JsonValue(random));
                return "health";
            case 10:
                Replace(fields, "seq", random.Next(2) == 0 ? "-1" : "9223372036854775807");
                return "seq-edge";
            default:
                Replace(fields, "owner", Json.Quote(Garbage.String(random)));
                return "owner";
        }
    }

    /// <summary>Byte-level damage to a body: the JSON reader's edges rather than the validator's.</summary>
    public static (byte[] Body, string Way) Damage(Random random, byte[] body)
    {
        switch (random.Next(9))
        {
            case 0:
                return (body[..random.Next(body.Length)], "truncated");
            case 1:
            {
                var at = random.Next(body.Length);
                return ([.. body[..at], .. Garbage.Utf8Bytes(random), .. body[at..]], "invalid-utf8");
            }

            case 2:
                return ([0xef, 0xbb, 0xbf, .. body], "bom");
            case 3:
                return ([.. body, .. Encoding.ASCII.GetBytes(random.Next(2) == 0 ? "}" : " garbage")], "trailing");
            case 4:
                return ([.. Encoding.ASCII.GetBytes("/*c*/"), .. body], "comment");
            case 5:
                return ([.. Encoding.ASCII.GetBytes("["), .. body, .. Encoding.ASCII.GetBytes("]")], "array");
            case 6:
                return (Encoding.ASCII.GetBytes(random.Next(3) switch { 0 => string.Empty, 1 => "null", _ => "   " }), "empty");
            case 7:
                return (Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(body)), "utf16");
            default:
            {
                var copy = body.ToArray();
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return (copy, "byte-flip");
            }
        }
    }

    /// <summary>A valid report padded with whitespace to <paramref name="bytes"/>, for the body limit.</summary>
    public static byte[] Padded(string text, int bytes) =>
        Encoding.UTF8.GetBytes(text.Insert(1, new string(' ', Math.Max(0, bytes - text.Length))));

    private static string Endpoints(Random random)
    {
        var port = random.Next(1, 65536);
        return random.Next(3) switch
        {
            0 => $"[{{\"protocol\":\"tcp\",\"address\":\"127.0.0.1:{port}\"}}]",
            1 => $"[{{\"protocol\":\"http\",\"address\":\"http://127.0.0.1:{port}\"}}]",
            _ => $"[{{\"protocol\":\"tcp\",\"address\":\"127.0.0.1:{port}\"}},{{\"protocol\":\"http\",\"address\":\"http://127.0.0.1:{port}/\"}}]",
        };
    }

    private static string BadEndpoints(Random random)
    {
        string One() => random.Next(8) switch
        {
            0 => "null",
            1 => "{}",
            2 => $"{{\"protocol\":{Garbage.JsonValue(random)},\"address\":\"127.0.0.1:1\"}}",
            3 => $"{{\"protocol\":\"tcp\",\"address\":{Json.Quote(random.Next(6) switch { 0 => "127.0.0.1:0", 1 => "127.0.0.1:65536", 2 => "[::1]:80", 3 => "host", 4 => ":80", _ => Garbage.String(random) })}}}",
            4 => $"{{\"protocol\":\"http\",\"address\":{Json.Quote(random.Next(5) switch { 0 => "http://", 1 => "javascript:alert(1)", 2 => "ftp://x/", 3 => "http://[::1", _ => "http://127.0.0.1:1/" + Garbage.String(random) })}}}",
            5 => $"{{\"protocol\":\"tcp\",\"address\":\"127.0.0.1:{random.Next(1, 65536)}\",\"extra\":{Garbage.JsonValue(random)}}}",
            6 => $"{{\"protocol\":\"TCP\",\"address\":\"127.0.0.1:1\"}}",
            _ => $"{{\"protocol\":\"tcp\",\"address\":\"127.0.0.1:{random.Next(1, 65536)}\"}}",
        };

        var count = random.Next(4) == 0 ? random.Next(8, 40) : random.Next(0, 4);
        return "[" + string.Join(",", Enumerable.Range(0, count).Select(_ => One())) + "]";
    }

    private static string Nesting(int depth) =>
        depth % 2 == 0 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private static void Replace(List<KeyValuePair<string, string>> fields, string name, string value)
    {
        var at = fields.FindIndex(f => f.Key == name);
        if (at < 0)
        {
            fields.Add(new(name, value));
        }
        else
        {
            fields[at] = new(name, value);
        }
    }
}
