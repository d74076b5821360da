using System.Globalization;
using System.Net;

namespace ClusterLocator.ProxyBench;

/// <summary>
/// The command line: a mode, then <c>--name value</c> pairs. Every problem is collected in
/// <see cref="Errors"/>, so one run lists them all; each says which flag and what it takes.
/// </summary>
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private BenchArguments(string mode) => Mode = mode;

    public string Mode { get; }

    public List<string> Errors { get; } = [];

    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new BenchArguments(args.Count > 0 ? args[0] : string.Empty);
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                parsed.Errors.Add($"'{name}' is not a --name value pair.");
                continue;
            }

            if (!parsed._values.TryAdd(name, args[++i]))
            {
                parsed.Errors.Add($"{name} is given twice.");
            }
        }

        return parsed;
    }

    public IPEndPoint? EndPoint(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            Errors.Add($"{name} is required: HOST:PORT with an IP address, such as 127.0.0.1:9000.");
            return null;
        }

        if (IPEndPoint.TryParse(text, out var endPoint) && endPoint.Port != 0)
        {
            return endPoint;
        }

        Errors.Add($"{name} '{text}' is not IP:PORT with a port above 0, such as 127.0.0.1:9000.");
        return null;
    }

    public long Integer(string name, long fallback, long min, long max)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Errors.Add($"{name} '{text}' must be a whole number from {min} to {max}.");
        return fallback;
    }

    public TimeSpan Seconds(string name, double fallback, double min)
    {
        var text = Text(name);
        if (text is null)
        {
            return TimeSpan.FromSeconds(fallback);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value < 86_400)
        {
            return TimeSpan.FromSeconds(value);
        }

        Errors.Add($"{name} '{text}' must be a number of seconds, at least {min}.");
        return TimeSpan.FromSeconds(fallback);
    }

    public T Choice<T>(string name, T fallback)
        where T : struct, Enum
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !char.IsAsciiDigit(text[0]))
        {
            return value;
        }

        Errors.Add($"{name} '{text}' must be one of: {string.Join(", ", Enum.GetNames<T>()).ToLowerInvariant()}.");
        return fallback;
    }

    /// <summary>Adds an error for every flag the mode did not read; true when there is no error at all.</summary>
    public bool Check()
    {
        foreach (var name in _values.Keys.Where(n => !_read.Contains(n)))
        {
            Errors.Add($"{name} is not a flag of '{Mode}'.");
        }

        return Errors.Count == 0;
    }

    private string? Text(string name)
    {
        _read.Add(name);
        return _values.GetValueOrDefault(name);
    }
}
