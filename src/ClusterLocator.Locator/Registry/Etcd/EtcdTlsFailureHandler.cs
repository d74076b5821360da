using System.Security.Authentication;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// Sits before the etcd channel's <see cref="SocketsHttpHandler"/>: when etcd asked for a client
/// certificate the locator does not have, and then dropped the connection, the failure becomes a
/// TLS failure that says so (<see cref="EtcdTls.ClientCertificateRequired"/>).
/// </summary>
internal sealed class EtcdTlsFailureHandler(EtcdTls tls, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            tls.CallSucceeded();
            return response;
        }
        catch (HttpRequestException ex) when (tls.ClientCertificateMissing && !IsCertificateRefused(ex))
        {
            // Not wrapping the original: gRPC retries a call whose failure holds an IOException until
            // its deadline, which then hides why; an AuthenticationException alone is not retried.
            throw new HttpRequestException(
                HttpRequestError.SecureConnectionError,
                "etcd closed the TLS connection after the handshake.",
                new AuthenticationException(EtcdTls.ClientCertificateRequired));
        }
    }

    /// <summary>The locator refused etcd's certificate: that is the reason to report, not the missing client certificate.</summary>
    private static bool IsCertificateRefused(Exception ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
