namespace ClusterLocator.Fuzz.Wire;

/// <summary>
/// What came back for a raw request: the status of the final (non-1xx) HTTP/1.1 response, or 0 when
/// the connection closed (or sent something other than HTTP/1.1) before a whole response arrived.
/// </summary>
internal readonly record struct RawResponse(int Status, bool KeepAlive, byte[] Body, string? Problem)
{
    public static RawResponse None(string problem) => new(0, false, [], problem);
}
