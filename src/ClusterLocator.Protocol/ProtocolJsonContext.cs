using System.Text.Json.Serialization;

namespace ClusterLocator.Protocol;

/// <summary>
/// The source-generated JSON metadata of the wire contract v1: camelCase, nulls omitted,
/// numbers only as JSON numbers.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    MaxDepth = 16)]
[JsonSerializable(typeof(ClusterReport))]
[JsonSerializable(typeof(ReportAccepted))]
[JsonSerializable(typeof(Placement))]
[JsonSerializable(typeof(ClusterList))]
[JsonSerializable(typeof(LocatorStatus))]
[JsonSerializable(typeof(Problem))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
