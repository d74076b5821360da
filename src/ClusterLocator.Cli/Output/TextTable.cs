using System.Text;

namespace ClusterLocator.Cli.Output;

/// <summary>Aligns rows of cells (already made inert) into columns two spaces apart; the last column is not padded.</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string[]> rows)
    {
        var columns = rows[0].Length;
        var widths = Enumerable.Range(0, columns).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                sb.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
}
