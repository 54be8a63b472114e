using ScottPlot;
using SkiaSharp;

namespace SampleKit.Pictures;

/// <summary>ScottPlot plots drawn side by side into one PNG (each sample's chart has two panels).</summary>
public static class PlotPanels
{
    /// <summary>Renders each plot in a <paramref name="panelWidth"/> × <paramref name="height"/> panel, left to right, and writes the PNG.</summary>
    public static void Save(string path, int panelWidth, int height, params Plot[] panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        using var surface = SKSurface.Create(new SKImageInfo(panels.Length * panelWidth, height));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        for (int i = 0; i < panels.Length; i++)
        {
            // A plot clears its canvas before drawing (Clear ignores the transform but not the clip): clip each panel.
            canvas.Save();
            canvas.ClipRect(new SKRect(i * panelWidth, 0, (i + 1) * panelWidth, height));
            canvas.Translate(i * panelWidth, 0);
            panels[i].Render(canvas, panelWidth, height);
            canvas.Restore();
        }

        PngFile.Save(surface, path);
    }
}
