using System.Globalization;
using Pharos.Monitoring.History;

namespace Pharos.StatusPage.Views;

/// <summary>Geometry of a server-rendered response-time chart: polyline points and axis labels, no script.</summary>
public sealed class ChartSvg
{
    public const int Width = 600;
    public const int Height = 160;
    public const int Left = 48;
    public const int Bottom = 20;

    public ChartSvg(IReadOnlyList<LatencyPoint> points, DateTimeOffset from, DateTimeOffset to)
    {
        Points = points;
        MaxMs = NiceCeiling(points.Count == 0 ? 1 : points.Max(p => p.P95Ms));
        string Line(Func<LatencyPoint, double> value) => string.Join(" ", points.Select(p =>
            F(Left + ((Width - Left) * (p.At - from) / (to - from))) + "," + F((Height - Bottom) * (1 - (value(p) / MaxMs)))));
        MeanLine = Line(p => p.MeanMs);
        P95Line = Line(p => p.P95Ms);
    }

    public IReadOnlyList<LatencyPoint> Points { get; }

    public double MaxMs { get; }

    public string MeanLine { get; }

    public string P95Line { get; }

    public double MeanOverall => Points.Count == 0 ? 0 : Points.Average(p => p.MeanMs);

    public static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static double NiceCeiling(double v)
    {
        foreach (var step in new double[] { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 60000 })
        {
            if (v <= step)
            {
                return step;
            }
        }

        return Math.Ceiling(v / 60000) * 60000;
    }
}
