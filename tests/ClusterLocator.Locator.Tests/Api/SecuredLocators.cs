using ClusterLocator.Locator.Registry;
using ClusterLocator.Locator.Security;
using Microsoft.Extensions.DependencyInjection;

namespace ClusterLocator.Locator.Tests.Api;

/// <summary>
/// Two locators with credentials for controllers and for clients, so that every answer of the API
/// can be provoked: <see cref="Warm"/> answers at once, <see cref="Cold"/> is still warming up. Both
/// allow one cluster per service (a second one is refused by a limit), a small per-client rate, and
/// a store that refuses the writes of <see cref="RefusingClusterStore.Service"/>.
/// </summary>
internal sealed class SecuredLocators : IAsyncDisposable
{
    /// <summary>Writes any cluster.</summary>
    public const string Controller = "controller-token";

    /// <summary>Writes any cluster too: a cluster registered with <see cref="Controller"/> is not its to replace.</summary>
    public const string OtherController = "other-controller-token";

    /// <summary>Writes the clusters of the service <c>crm</c> only.</summary>
    public const string CrmController = "crm-controller-token";

    /// <summary>Locates any service.</summary>
    public const string Client = "client-token";

    /// <summary>Locates the service <c>crm</c> only.</summary>
    public const string CrmClient = "crm-client-token";

    /// <summary>Locates any service; the tests that exhaust the per-client rate use it alone.</summary>
    public const string FloodClient = "flood-client-token";

    public const int ClientRate = 20;

    private readonly DirectoryInfo _directory;

    private SecuredLocators(DirectoryInfo directory, ApiLocator warm, ApiLocator cold)
    {
        _directory = directory;
        Warm = warm;
        Cold = cold;
    }

    public ApiLocator Warm { get; }

    public ApiLocator Cold { get; }

    public static async Task<SecuredLocators> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("api-credentials-");
        var controllers = Write(directory, "controllers.json", ("controller", Controller, null), ("other-controller", OtherController, null), ("crm-controller", CrmController, "crm"));
        var clients = Write(directory, "clients.json", ("client", Client, "*"), ("crm-client", CrmClient, "crm"), ("flood-client", FloodClient, "*"));
        void Configure(LocatorOptions options)
        {
            options.CredentialsFile = controllers;
            options.ClientCredentials = clients;
            options.ClientRate = ClientRate;
            options.MaxClustersPerService = 1;
        }

        static void Store(IServiceCollection services) => services.AddSingleton<IClusterStore, RefusingClusterStore>();
        var warm = await ApiLocator.StartAsync(Configure, Store);
        var cold = await ApiLocator.StartAsync(options => { Configure(options); options.WarmUp = TimeSpan.FromHours(1); }, Store);
        return new SecuredLocators(directory, warm, cold);
    }

    private static string Write(DirectoryInfo directory, string name, params (string Name, string Token, string? Services)[] credentials)
    {
        var entries = credentials.Select(c => $$"""{ "name": "{{c.Name}}", "tokenSha256": "{{CredentialSet.Digest(c.Token)}}"{{(c.Services is null ? string.Empty : $", \"services\": [\"{c.Services}\"]")}} }""");
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, $$"""{ "credentials": [ {{string.Join(", ", entries)}} ] }""");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Warm.DisposeAsync();
        await Cold.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
