using System.Security.Cryptography.X509Certificates;
using ClusterLocator.Protocol.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Locator.Hosting;

/// <summary>
/// The certificate the locator serves <c>https://</c> with (<see cref="LocatorOptions.TlsCert"/>,
/// <see cref="LocatorOptions.TlsKey"/>), picked up again when its files change on disk. Each new
/// TLS connection asks for <see cref="Current"/>, which looks at the files' write times at most once
/// a second and reloads them when they moved. Polling the write times rather than a file watcher:
/// it also sees a file replaced through a symbolic link (a Kubernetes secret's <c>..data</c> swap),
/// which inotify on the link's folder does not report, and it costs two <c>stat</c> calls a second
/// only while connections arrive. A replacement that cannot be used (say the certificate is written
/// and its key not yet) is logged, the old certificate stays, and it is tried again when the files
/// change once more.
/// </summary>
internal sealed partial class ServerCertificate : IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    private readonly string _certFile;
    private readonly string _keyFile;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private volatile X509Certificate2 _current;
    private (DateTime Cert, DateTime Key) _loadedVersion;
    private (DateTime Cert, DateTime Key) _refusedVersion;
    private long _checkedAt;

    private ServerCertificate(string certFile, string keyFile, X509Certificate2 current, (DateTime, DateTime) version, TimeProvider time, ILogger logger)
    {
        _certFile = certFile;
        _keyFile = keyFile;
        _current = current;
        _loadedVersion = version;
        _time = time;
        _logger = logger;
        _checkedAt = time.GetTimestamp();
    }

    /// <summary>
    /// Reads the files of <paramref name="options"/>, which must both be given.
    /// </summary>
    /// <exception cref="OptionsValidationException">A file is missing or unusable; the failures name each one and its fix.</exception>
    public static ServerCertificate Load(LocatorOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var certFile = options.TlsCert ?? throw new ArgumentException("LocatorOptions.TlsCert is not given.", nameof(options));
        var keyFile = options.TlsKey ?? throw new ArgumentException("LocatorOptions.TlsKey is not given.", nameof(options));
        var version = VersionOf(certFile, keyFile);
        var reader = new PemFileReader("the locator's user");
        return Read(reader, certFile, keyFile) is { } certificate
            ? new ServerCertificate(certFile, keyFile, certificate, version, time, logger)
            : throw new OptionsValidationException(Options.DefaultName, typeof(LocatorOptions), reader.Errors);
    }

    /// <summary>The certificate for a new connection; reloaded first when the files changed.</summary>
    public X509Certificate2 Current
    {
        get
        {
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(Interlocked.Read(ref _checkedAt), now) >= CheckEvery)
            {
                ReloadIfChanged(now);
            }

            return _current;
        }
    }

    public void Dispose() => _current.Dispose();

    private void ReloadIfChanged(long now)
    {
        // One connection checks; the others go on with the current certificate meanwhile.
        if (!_gate.TryEnter())
        {
            return;
        }

        try
        {
            Interlocked.Exchange(ref _checkedAt, now);
            var version = VersionOf(_certFile, _keyFile);
            if (version == _loadedVersion || version == _refusedVersion)
            {
                return;
            }

            var reader = new PemFileReader("the locator's user");
            if (Read(reader, _certFile, _keyFile) is not { } certificate)
            {
                _refusedVersion = version;
                Log.ReloadRefused(_logger, string.Join(" ", reader.Errors));
                return;
            }

            // Connections under way keep the certificate they were given; it is not disposed under them.
            _current = certificate;
            _loadedVersion = version;
            Log.Reloaded(_logger, _certFile, certificate.Subject, certificate.NotAfter);
        }
        finally
        {
            _gate.Exit();
        }
    }

    private static X509Certificate2? Read(PemFileReader reader, string certFile, string keyFile)
    {
        var chain = new X509Certificate2Collection();
        var certificate = reader.ReadCertificateWithKey(
            "LocatorOptions.TlsCert", certFile, "LocatorOptions.TlsKey", keyFile, PemFileReader.ServerAuth, ", so clients refuse it", chain);
        PemFileReader.DisposeAll(chain);
        return certificate;
    }

    /// <summary>The files' write times (the link's target's, for a symbolic link); MinValue for a missing file.</summary>
    private static (DateTime Cert, DateTime Key) VersionOf(string certFile, string keyFile) =>
        (File.GetLastWriteTimeUtc(certFile), File.GetLastWriteTimeUtc(keyFile));
}
