using Microsoft.Extensions.Configuration;

namespace ClusterLocator.Cli.Configuration;

/// <summary>
/// One place flags can come from besides the command line, named as an error message should name it
/// (<c>CLUSTERLOCATOR_LOCATOR</c>, <c>--config 'cli.json'</c>).
/// </summary>
internal sealed record ConfigurationLayer(string Source, IConfiguration Configuration);
