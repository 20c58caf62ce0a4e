using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>axe-core on the page as it stands: any serious or critical violation fails the test, each named with where it is.</summary>
public static class Accessibility
{
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        // Colours at rest: a button enabled a moment ago is still fading in, and axe would measure it halfway.
        await page.AddStyleTagAsync(new() { Content = "*, *::before, *::after { transition: none !important; animation: none !important; }" });
        var results = await page.RunAxe();
        var failures = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(failures.Count == 0, $"axe found on {page.Url}:\n" + string.Join("\n", failures.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help}; at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
