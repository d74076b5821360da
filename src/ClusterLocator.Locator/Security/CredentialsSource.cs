using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClusterLocator.Locator.Security;

/// <summary>
/// The credentials in force: the controller token and the credentials file, read at start (a bad
/// file stops the start) and read again when the file changes. A valid new file applies at the next
/// check, within <see cref="CheckInterval"/>; an invalid one is refused with an error log, and the
/// last good set stays, so a typo never locks every controller out. The clients' credentials
/// (<see cref="ClientCredentials"/>) are read the same way, from their own file.
/// </summary>
internal sealed partial class CredentialsSource : IDisposable
{
    /// <summary>How often the file is checked for a change.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly string? _controllerToken;
    private readonly string? _path;
    private readonly bool _clientCertificates;
    private readonly bool _servicesOnly;
    private readonly ILogger _logger;
    private readonly ITimer? _timer;
    private readonly Lock _reloading = new();
    private (DateTime Written, long Length) _seen;
    private volatile CredentialSet _current;

    /// <summary>The controllers' credentials: <see cref="LocatorOptions.ControllerToken"/> and <see cref="LocatorOptions.CredentialsFile"/>.</summary>
    public CredentialsSource(LocatorOptions options, TimeProvider time, ILogger<CredentialsSource> logger)
        : this("LocatorOptions.CredentialsFile", options.CredentialsFile, options.ControllerToken, servicesOnly: false, options, time, logger)
    {
    }

    /// <summary>
    /// The credentials of <paramref name="file"/> (and <paramref name="controllerToken"/>), named
    /// <paramref name="property"/> when the file is refused at start; with <paramref name="servicesOnly"/>,
    /// an entry that names clusters is refused.
    /// </summary>
    internal CredentialsSource(string property, string? file, string? controllerToken, bool servicesOnly, LocatorOptions options, TimeProvider time, ILogger logger)
    {
        _controllerToken = controllerToken;
        _clientCertificates = options.ClientCa is not null;
        _servicesOnly = servicesOnly;
        _path = file is null ? null : Path.GetFullPath(file);
        _logger = logger;
        var errors = new List<string>();
        _current = Load(errors) ?? throw new OptionsValidationException(
            Options.DefaultName,
            typeof(LocatorOptions),
            errors.Select(error => $"{property} '{_path}': {error}"));
        if (_path is not null)
        {
            _timer = time.CreateTimer(_ => Reload(), null, CheckInterval, CheckInterval);
        }
    }

    /// <summary>The credentials in force now.</summary>
    public CredentialSet Current => _current;

    /// <summary>Reads the file again if it changed since it was last read.</summary>
    internal void Reload()
    {
        lock (_reloading)
        {
            if (Stamp() == _seen)
            {
                return;
            }

            var errors = new List<string>();
            if (Load(errors) is { } loaded)
            {
                _current = loaded;
                Log.Reloaded(_logger, _path!, loaded.Count);
            }
            else
            {
                Log.ReloadRefused(_logger, _path!, string.Join(" ", errors));
            }
        }
    }

    public void Dispose() => _timer?.Dispose();

    private CredentialSet? Load(List<string> errors)
    {
        if (_path is null)
        {
            return CredentialSet.Create(_controllerToken, fileJson: null, _clientCertificates, errors, _servicesOnly);
        }

        // Noted before the read: a write during the read is seen at the next check.
        _seen = Stamp();
        string json;
        try
        {
            if (_seen.Length < 0)
            {
                errors.Add("it does not exist: write the credentials there (see docs/operations.md, 'Credentials').");
                return null;
            }

            if (_seen.Length > CredentialSet.MaxFileBytes)
            {
                errors.Add($"it has {_seen.Length} bytes; a credentials file may have at most {CredentialSet.MaxFileBytes}.");
                return null;
            }

            json = File.ReadAllText(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"it cannot be read: {ex.Message}");
            return null;
        }

        return CredentialSet.Create(_controllerToken, json, _clientCertificates, errors, _servicesOnly);
    }

    private (DateTime Written, long Length) Stamp()
    {
        var file = new FileInfo(_path!);
        return file.Exists ? (file.LastWriteTimeUtc, file.Length) : (DateTime.MinValue, -1);
    }
}
