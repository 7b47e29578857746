using Microsoft.Playwright;

namespace Pharos.SystemTests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright. No browser is downloaded: the executable is the system one, started
/// with the flags this closed network needs (no background connections to Google's hosts).
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
    ];

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Instance = browser;
    }

    public IBrowser Instance { get; }

    /// <summary>Starts Chromium, or skips (fails in CI) when it is not installed.</summary>
    public static async Task<Browser> LaunchAsync(params string[] extraArgs)
    {
        Requirements.File(ChromiumPath, "Chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = [.. Args, .. extraArgs],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh page that records console errors and uncaught exceptions.</summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Instance.NewContextAsync(options ?? new BrowserNewContextOptions());
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, msg) =>
        {
            if (msg.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(msg.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return (page, errors);
    }

    public async ValueTask DisposeAsync()
    {
        await Instance.DisposeAsync();
        _playwright.Dispose();
    }
}
