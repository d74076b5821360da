using System.Text.RegularExpressions;

namespace ClusterLocator.Cli.Output;

/// <summary>
/// Puts a command's flags into the messages of a library's options validator. The libraries name
/// what is wrong by property (<c>LocatorOptions.Lease</c>), since an embedding application configures
/// properties; a command-line user typed <c>--lease</c>, so that is what the message should say.
/// </summary>
internal sealed partial class OptionFlags(IReadOnlyDictionary<string, string> flagsByProperty)
{
    /// <summary><paramref name="message"/> with every mapped property name replaced by its flag.</summary>
    public string Rewrite(string message) =>
        PropertyName().Replace(message, match => flagsByProperty.TryGetValue(match.Value, out var flag) ? flag : match.Value);

    /// <summary>Every message rewritten.</summary>
    public IEnumerable<string> Rewrite(IEnumerable<string> messages) => messages.Select(Rewrite);

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]*Options\.[A-Z][A-Za-z0-9]*\b")]
    private static partial Regex PropertyName();
}
