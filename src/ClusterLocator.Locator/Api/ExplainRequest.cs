using Microsoft.Extensions.Primitives;

namespace ClusterLocator.Locator.Api;

/// <summary>Reads the <c>explain</c> parameter of <c>GET /v1/locate</c>.</summary>
internal static class ExplainRequest
{
    /// <summary>
    /// Whether <paramref name="value"/> asks for an explanation: <c>true</c>/<c>1</c> or
    /// <c>false</c>/<c>0</c>; anything else adds an error to <paramref name="errors"/> and is false.
    /// </summary>
    public static bool IsOn(StringValues value, ref IReadOnlyList<string> errors)
    {
        if (value.Count == 1)
        {
            switch (value[0])
            {
                case "true" or "1":
                    return true;
                case "false" or "0":
                    return false;
            }
        }

        var shown = value.Count == 1 ? value[0] ?? string.Empty : string.Join(',', value.ToArray());
        errors = [.. errors, $"'explain' is '{Protocol.Validation.ReportValidator.Shorten(shown)}': use true or 1 to explain the choice without placing, false or 0 (or leave it out) to locate."];
        return false;
    }
}
