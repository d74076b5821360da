namespace ClusterLocator.Cli;

/// <summary>Reads a secret token from a file, else from an environment variable; never from the command line.</summary>
internal static class SecretTokenReader
{
    public static async Task<(string? Token, string? Error)> ReadAsync(FileInfo? file, string variable, string flag, CancellationToken cancellationToken)
    {
        if (file is not null)
        {
            if (!file.Exists)
            {
                return (null, $"{flag} '{file.FullName}' does not exist: write the token into it (e.g. openssl rand -hex 32 > {file.Name}).");
            }

            string text;
            try
            {
                text = (await File.ReadAllTextAsync(file.FullName, cancellationToken)).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return (null, $"{flag} '{file.FullName}' cannot be read: {ex.Message}");
            }

            return text.Length == 0
                ? (null, $"{flag} '{file.FullName}' is empty: write the token into it.")
                : (text, null);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(variable)?.Trim();
        return (string.IsNullOrEmpty(fromEnvironment) ? null : fromEnvironment, null);
    }
}
