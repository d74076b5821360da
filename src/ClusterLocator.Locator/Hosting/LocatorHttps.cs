using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// Serves the locator's <c>https://</c> URLs with <see cref="LocatorOptions.TlsCert"/> (HTTP/1.1 and
/// HTTP/2, Kestrel's defaults for a TLS endpoint): every new connection takes
/// <see cref="ServerCertificate.Current"/>, so a certificate replaced on disk needs no restart.
/// </summary>
internal static class LocatorHttps
{
    /// <summary>Sets up the certificate when <paramref name="options"/> give one; nothing otherwise.</summary>
    public static void Add(WebApplicationBuilder builder, LocatorOptions options, TimeProvider time)
    {
        if (options.TlsCert is null && options.TlsKey is null)
        {
            return;
        }

        builder.Services.AddSingleton(sp => ServerCertificate.Load(options, time, sp.GetRequiredService<ILogger<ServerCertificate>>()));
        if (options.ClientCa is not null)
        {
            builder.Services.AddSingleton(_ => ClientCertificateAuthority.Load(options));
        }

        // The slim builder leaves Kestrel's HTTPS set-up out until asked.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            var certificate = kestrel.ApplicationServices.GetRequiredService<ServerCertificate>();
            https.ServerCertificateSelector = (_, _) => certificate.Current;
            if (options.ClientCa is not null)
            {
                // Asked for, not required: a client with a bearer token and no certificate is still
                // served. One that does not chain to the CA fails the handshake.
                var authority = kestrel.ApplicationServices.GetRequiredService<ClientCertificateAuthority>();
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (presented, chain, _) => authority.Accepts(presented, chain);
            }
        }));
    }

    /// <summary>
    /// Reads the certificate files now, once the options are known to be valid, so a bad file fails
    /// the build rather than the first bind.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid, or a file is missing or unusable.</exception>
    public static void Load(WebApplication app, LocatorOptions options)
    {
        if (options.TlsCert is null && options.TlsKey is null)
        {
            return;
        }

        var errors = LocatorOptionsValidator.Validate(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(LocatorOptions), errors);
        }

        app.Services.GetRequiredService<ServerCertificate>();
        if (options.ClientCa is not null)
        {
            app.Services.GetRequiredService<ClientCertificateAuthority>();
        }
    }
}
