using System.Text.Json;

namespace ClusterLocator.Fuzz.Checks;

/// <summary>
/// Reads the whole of <c>GET /v1/clusters</c>, following the <c>next</c> cursor of a paged answer
/// (<c>?after=</c>) when the locator pages; an answer without one is the whole list.
/// </summary>
internal sealed class ClusterLister(HttpClient http)
{
    private const int MaxPages = 10_000;

    public async Task<IReadOnlyList<ListedCluster>> ListAsync(CancellationToken cancellationToken)
    {
        var listed = new List<ListedCluster>();
        var target = "/v1/clusters";
        for (var page = 0; page < MaxPages; page++)
        {
            using var response = await http.GetAsync(target, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {target} answered {(int)response.StatusCode}: {Generation.Printable.Of(body, 400)}");
            }

            using var document = JsonDocument.Parse(body);
            foreach (var cluster in document.RootElement.GetProperty("clusters").EnumerateArray())
            {
                listed.Add(new ListedCluster(
                    cluster.GetProperty("clusterId").GetString()!,
                    cluster.TryGetProperty("service", out var service) ? service.GetString() : null,
                    cluster.TryGetProperty("incarnation", out var incarnation) ? incarnation.GetString() : null));
            }

            if (!document.RootElement.TryGetProperty("next", out var next) || next.ValueKind != JsonValueKind.String || next.GetString() is not { Length: > 0 } cursor)
            {
                return listed;
            }

            target = cursor.StartsWith('/') ? cursor : "/v1/clusters?after=" + Uri.EscapeDataString(cursor);
        }

        throw new InvalidOperationException($"GET /v1/clusters went on for more than {MaxPages} pages.");
    }
}
