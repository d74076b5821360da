using System.Text.Json;

namespace ClusterLocator.Locator.Simulation;

/// <summary>
/// A fleet for the sessions model, as JSON:
/// <c>{"clusters":[{"id":"small","capacity":20},{"id":"large","capacity":60}]}</c>.
/// </summary>
internal static class FleetFile
{
    /// <summary>The clusters of <paramref name="json"/>, or null with every problem in <paramref name="errors"/>.</summary>
    public static IReadOnlyList<SimulatedCluster>? Parse(string json, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var clusters = new List<SimulatedCluster>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("clusters", out var list)
                || list.ValueKind != JsonValueKind.Array)
            {
                problems.Add("""it has no "clusters" array: write {"clusters":[{"id":"small","capacity":20}, …]}.""");
            }
            else
            {
                var index = 0;
                foreach (var item in list.EnumerateArray())
                {
                    index++;
                    var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
                        ? idElement.GetString()!
                        : $"#{index}";
                    if (item.ValueKind == JsonValueKind.Object
                        && item.TryGetProperty("capacity", out var capacity)
                        && capacity.ValueKind == JsonValueKind.Number
                        && capacity.TryGetInt32(out var sessions))
                    {
                        clusters.Add(new SimulatedCluster(id, sessions));
                    }
                    else
                    {
                        problems.Add($"cluster {index} ('{id}') has no whole \"capacity\": give the sessions it holds, e.g. \"capacity\": 20.");
                    }
                }
            }
        }
        catch (JsonException ex)
        {
            problems.Add($"it is not JSON ({ex.Message}).");
        }

        errors = problems;
        return problems.Count == 0 ? clusters : null;
    }
}
