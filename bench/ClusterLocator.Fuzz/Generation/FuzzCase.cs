namespace ClusterLocator.Fuzz.Generation;

/// <summary>
/// One request of the run: either a well-formed HTTP request that <see cref="HttpClient"/> sends, or
/// the exact bytes of a malformed one (<see cref="Raw"/>), written to a socket because no HTTP client
/// would produce them.
/// </summary>
internal sealed class FuzzCase
{
    /// <summary>What the case tries, e.g. <c>put-json:duplicate-key</c>; runs are summarized by it.</summary>
    public required string Kind { get; init; }

    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>The path and query, starting with '/'.</summary>
    public string Target { get; init; } = "/";

    public byte[]? Body { get; init; }

    /// <summary>The <c>Content-Type</c> of <see cref="Body"/>, or null for none.</summary>
    public string? ContentType { get; init; }

    /// <summary>The whole request on the wire, when it is one an HTTP client cannot send.</summary>
    public byte[]? Raw { get; init; }

    /// <summary>
    /// With <see cref="Raw"/>: the request leaves the connection unfit for another one (bytes left
    /// over, a framing error), so the sender closes it after the answer.
    /// </summary>
    public bool EndsConnection { get; init; }

    /// <summary>
    /// With <see cref="Raw"/>: the request's body is shorter than its framing says, so the sender
    /// shuts its side down after writing, for the locator to see the end instead of waiting.
    /// </summary>
    public bool HalfClose { get; init; }

    /// <summary>What the registry must look like afterwards, depending on the status answered.</summary>
    public ModelEffect Effect { get; init; } = ModelEffect.None;

    /// <summary>Whether this is a <c>GET /v1/locate</c> whose placement the run checks.</summary>
    public bool IsLocate { get; init; }

    /// <summary>The request as text, shortened, for a finding.</summary>
    public string Describe()
    {
        if (Raw is not null)
        {
            return Printable.Of(Raw, 600);
        }

        var head = $"{Method} {Target} HTTP/1.1\r\n"
            + (ContentType is null ? string.Empty : $"Content-Type: {ContentType}\r\n") + "\r\n";
        return Printable.Of([.. System.Text.Encoding.UTF8.GetBytes(head), .. Body ?? []], 600);
    }
}
