using System.Globalization;

namespace MeshLib.Configuration.Validation;

/// <summary>Renders values the way Go's <c>%v</c> and <c>%q</c> verbs do, so messages read exactly as Istio's.</summary>
internal static class GoFormat
{
    /// <summary>Go <c>%v</c> of a float64: the shortest representation, <c>1e-05</c> style in exponent form.</summary>
    public static string Float(double value) =>
        value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');

    /// <summary>Go <c>%f</c> of a float64: six decimals.</summary>
    public static string FloatFixed(double value) => value.ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>Go <c>%q</c> of a string: double-quoted with escapes.</summary>
    public static string Quote(string value)
    {
        var sb = new System.Text.StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
