using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterLocator.Locator.Dashboard;

/// <summary>The dashboard's frames as JSON, source-generated (the locator runs trimmed-friendly, without reflection).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DashboardFrame))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
