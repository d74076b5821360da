using System.IO.Enumeration;
using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Locator.Security;

/// <summary>
/// Service or cluster id patterns in which <c>*</c> stands for any run of characters, as in
/// <c>erp-*</c>. Ids cannot hold <c>*</c> or <c>?</c>, so the framework's simple-expression match is exact.
/// </summary>
internal sealed class IdGlobs
{
    private readonly string[] _patterns;

    private IdGlobs(string[] patterns) => _patterns = patterns;

    /// <summary>Every id.</summary>
    public static IdGlobs Any { get; } = new(["*"]);

    public bool Matches(string id)
    {
        foreach (var pattern in _patterns)
        {
            if (FileSystemName.MatchesSimpleExpression(pattern, id, ignoreCase: false))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => string.Join(", ", _patterns);

    /// <summary>The globs of <paramref name="patterns"/>, or <see cref="Any"/> when there are none; each bad one adds an error naming <paramref name="field"/>.</summary>
    public static IdGlobs Parse(IReadOnlyList<string>? patterns, string field, List<string> errors)
    {
        if (patterns is null)
        {
            return Any;
        }

        if (patterns.Count == 0)
        {
            errors.Add($"{field} is empty: list at least one pattern such as \"erp\" or \"erp-*\", or leave it out to allow every one.");
            return Any;
        }

        foreach (var pattern in patterns)
        {
            if (string.IsNullOrEmpty(pattern) || pattern.Length > 64 || !Identifiers.IsValid(pattern.Replace("*", "x", StringComparison.Ordinal)))
            {
                errors.Add($"{field} has '{pattern}': use {Identifiers.Rule}, where '*' stands for any characters.");
            }
        }

        return new IdGlobs([.. patterns]);
    }
}
