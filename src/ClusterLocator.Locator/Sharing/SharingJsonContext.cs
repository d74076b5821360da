using System.Text.Json.Serialization;

namespace ClusterLocator.Locator.Sharing;

/// <summary>The source-generated JSON of <c>POST /v1/placements</c>, with the wire contract's settings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    MaxDepth = 8)]
[JsonSerializable(typeof(PlacementBatch))]
internal sealed partial class SharingJsonContext : JsonSerializerContext;
