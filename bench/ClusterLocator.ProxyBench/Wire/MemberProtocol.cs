namespace ClusterLocator.ProxyBench.Wire;

/// <summary>
/// What a client and the TCP member say to each other. The client's first byte picks the mode; the
/// member answers <see cref="Ready"/> once it is serving that mode, so a client that waits for it
/// knows the whole path (through the front door too) is connected before it starts the clock.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="Echo"/>: every byte received is sent back, until the client's FIN.</item>
/// <item><see cref="Sink"/>: bytes are read and dropped until the client's FIN; then the member
/// sends how many it read (8 bytes, little-endian) and closes.</item>
/// <item><see cref="Source"/>: the client sends a length (8 bytes, little-endian); the member sends
/// that many bytes, then a FIN.</item>
/// </list>
/// The front door copies bytes without looking at them, so the same exchange works direct and through it.
/// </remarks>
internal static class MemberProtocol
{
    public const byte Echo = (byte)'E';

    public const byte Sink = (byte)'S';

    public const byte Source = (byte)'R';

    public const byte Ready = (byte)'K';

    /// <summary>The size of each send and receive in bulk modes, as the front door's own buffers.</summary>
    public const int ChunkSize = 64 * 1024;
}
