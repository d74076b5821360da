namespace ClusterLocator.Protocol;

/// <summary>An RFC 9457 problem (<c>application/problem+json</c>), the body of every error answer.</summary>
public sealed record Problem
{
    /// <summary>The media type of a problem.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>A URI reference naming the kind of problem.</summary>
    public string Type { get; init; } = "about:blank";

    /// <summary>A short summary of the kind of problem.</summary>
    public required string Title { get; init; }

    /// <summary>The HTTP status code.</summary>
    public required int Status { get; init; }

    /// <summary>What went wrong this time, and how to fix it.</summary>
    public required string Detail { get; init; }

    /// <summary>Every validation error, each naming the field and the fix; absent when there is one cause.</summary>
    public IReadOnlyList<string>? Errors { get; init; }
}
