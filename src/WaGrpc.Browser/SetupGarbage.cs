using System.Diagnostics;

namespace WaGrpc.Browser;

/// <summary>
/// Frees what a browser start leaves in the large-object heap. Adding wa-js as an init script
/// sends the whole bundle to the Playwright driver as one JSON message, and the client builds it in
/// large arrays (measured after a start: an 8 MB char[] and a 2 MB byte[] holding the escaped
/// bundle, and smaller ones), all garbage once sent. Large objects are freed only by a full
/// collection, which a gateway that then idles with one session may not run for hours: the
/// arrays stayed in its memory, about 11 MB of its private part (bench/memory-notes.md). One full,
/// compacting collection that gives the freed memory back to the system, after the page has been
/// opened (the gateway then waits for WhatsApp Web to load, so the pause of a few milliseconds
/// costs the start nothing), and only once per browser start.
/// </summary>
internal static class SetupGarbage
{
    /// <summary>Collects now; answers the pause in milliseconds.</summary>
    public static double Release()
    {
        var started = Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
