using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Security;

/// <summary>
/// The credentials clients must present to locate, from <see cref="LocatorOptions.ClientCredentials"/>
/// (the controllers' file format, where <c>services</c> are the services a client may locate), read
/// again when the file changes. Without that file locate is open, and clients are known by address.
/// Unlike the controllers' file, an empty list locks every client out: the file says who may locate.
/// </summary>
internal sealed class ClientCredentials : IDisposable
{
    private readonly CredentialsSource? _source;

    public ClientCredentials(LocatorOptions options, TimeProvider time, ILogger<ClientCredentials> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ClientCredentials is { } file)
        {
            _source = new CredentialsSource("LocatorOptions.ClientCredentials", file, controllerToken: null, servicesOnly: true, options, time, logger);
        }
    }

    /// <summary>Whether a locate needs a credential.</summary>
    public bool Required => _source is not null;

    /// <summary>The credential the request's bearer token or client certificate names; null when it names none, or none is required.</summary>
    public Credential? Authenticate(HttpContext context) =>
        _source?.Current.Authenticate(context.Request.Headers.Authorization, context.Connection.ClientCertificate);

    public void Dispose() => _source?.Dispose();
}
