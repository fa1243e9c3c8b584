using System.Globalization;
using System.Text;

namespace Bookinfo.Mesh;

/// <summary>A small <c>diff -u</c>: longest common subsequence of lines, hunks with three lines of context.</summary>
public static class UnifiedDiff
{
    /// <summary>The unified diff of two texts, or an empty string when they are equal.</summary>
    /// <param name="oldName">The name on the <c>---</c> line.</param>
    /// <param name="newName">The name on the <c>+++</c> line.</param>
    /// <param name="oldText">The live text (empty for a new object).</param>
    /// <param name="newText">The merged text (empty for a deleted object).</param>
    /// <param name="context">Lines of context around each change.</param>
    /// <returns>The diff.</returns>
    public static string Create(string oldName, string newName, string oldText, string newText, int context = 3)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var a = Lines(oldText);
        var b = Lines(newText);
        var edits = Edits(a, b);
        if (edits.All(e => e.Op == ' '))
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"--- {oldName}\n+++ {newName}\n");
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Op == ' ')
            {
                i++;
                continue;
            }

            // A hunk: from `context` lines before this change to `context` lines after the last change that is
            // no more than 2 × context lines from the previous one.
            var start = Math.Max(0, i - context);
            var end = i;
            while (true)
            {
                var next = end + 1;
                while (next < edits.Count && edits[next].Op == ' ')
                {
                    next++;
                }

                if (next < edits.Count && next - end - 1 <= 2 * context)
                {
                    end = next;
                    continue;
                }

                break;
            }

            var stop = Math.Min(edits.Count, end + context + 1);
            var hunk = edits.GetRange(start, stop - start);
            var oldStart = hunk.FirstOrDefault(e => e.Op != '+').OldLine;
            var newStart = hunk.FirstOrDefault(e => e.Op != '-').NewLine;
            var oldCount = hunk.Count(e => e.Op != '+');
            var newCount = hunk.Count(e => e.Op != '-');
            text.Append(CultureInfo.InvariantCulture, $"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@\n");
            foreach (var edit in hunk)
            {
                text.Append(edit.Op).Append(edit.Text).Append('\n');
            }

            i = stop;
        }

        return text.ToString();
    }

    private static string Range(int start, int count) => count switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, start - 1)},0"),
        1 => start.ToString(CultureInfo.InvariantCulture),
        _ => string.Create(CultureInfo.InvariantCulture, $"{start},{count}"),
    };

    private static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');

    private static List<Edit> Edits(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var edits = new List<Edit>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                edits.Add(new Edit(' ', a[x], x + 1, y + 1));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                edits.Add(new Edit('-', a[x], x + 1, y + 1));
                x++;
            }
            else
            {
                edits.Add(new Edit('+', b[y], x + 1, y + 1));
                y++;
            }
        }

        return edits;
    }

    private readonly record struct Edit(char Op, string Text, int OldLine, int NewLine);
}
