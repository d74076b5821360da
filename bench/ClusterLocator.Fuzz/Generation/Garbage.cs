namespace ClusterLocator.Fuzz.Generation;

/// <summary>The odd values mutations draw from: strings that break parsers, numbers at the edges.</summary>
internal static class Garbage
{
    /// <summary>Text values (before any JSON or URL escaping).</summary>
    private static readonly string[] Strings =
    [
        "", " ", ".", "..", "-", "_", "null", "true", "0", "-1", "a b", "a/b", "a%2Fb", "a\\b", "a\"b", "a'b",
        "\0", "a\0b", "\r\n", "\t", "\u007f", "\u0085", "\u00e9t\u00e9", "\u202eevil", "\ud83d\ude00", "\uff21\uff22",
        "\ufeff", "\ufffd", "\u0130", "\u212a", "<script>", "${jndi:x}", "%00", "%ZZ", "../../etc/passwd",
        new('a', 64), new('a', 65), new('x', 300), new('y', 5000),
    ];

    /// <summary>JSON values, as JSON text, that are the wrong type or at the edge of a number type.</summary>
    private static readonly string[] JsonValues =
    [
        "null", "true", "false", "0", "-0", "1", "-1", "1.5", "-1.5", "01", "1e308", "-1e308", "1e309", "1e-400",
        "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "99999999999999999999999999999", "NaN", "Infinity", "-Infinity", "0x10", "+1",
        "\"NaN\"", "\"1\"", "\"\"", "\"active\"", "\"draining\"", "\"ACTIVE\"", "[]", "{}", "[null]", "[[]]",
        "{\"a\":1}", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\uD83D\\uDE00\"", "\"\\x41\"", "\"\\",
        "'single'", "undefined", "\"tab\there\"",
    ];

    public static string String(Random random) => Strings[random.Next(Strings.Length)];

    public static string JsonValue(Random random) =>
        random.Next(6) == 0 ? Json.Quote(String(random)) : JsonValues[random.Next(JsonValues.Length)];

    /// <summary>Invalid or surprising UTF-8: overlong, lone continuation, surrogate, beyond U+10FFFF, NUL.</summary>
    public static byte[] Utf8Bytes(Random random) => random.Next(8) switch
    {
        0 => [0xc0, 0xaf],
        1 => [0x80],
        2 => [0xed, 0xa0, 0x80],
        3 => [0xf4, 0x90, 0x80, 0x80],
        4 => [0xff, 0xfe],
        5 => [0xe2, 0x82],
        6 => [0x00],
        _ => [0xf0, 0x9f, 0x98, 0x80],
    };

    /// <summary>Percent-encoded garbage for a query or path: bad escapes, encoded NUL, invalid UTF-8.</summary>
    public static string PercentGarbage(Random random) => random.Next(10) switch
    {
        0 => "%ZZ",
        1 => "%",
        2 => "%0",
        3 => "%00",
        4 => "%FF%FE",
        5 => "%C0%AE",
        6 => "%E2%82",
        7 => "%25%32%35",
        8 => "%26service%3Dx",
        _ => "%F0%9F%98%80",
    };
}
