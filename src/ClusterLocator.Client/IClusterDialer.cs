namespace ClusterLocator.Client;

/// <summary>Opens the TCP session with a controller; the seam tests replace.</summary>
internal interface IClusterDialer
{
    /// <summary>Connects to <paramref name="address"/> (<c>HOST:PORT</c>).</summary>
    /// <exception cref="ClusterDialException">The controller could not be reached or refused the session.</exception>
    ValueTask<Stream> DialAsync(string address, CancellationToken cancellationToken);
}
