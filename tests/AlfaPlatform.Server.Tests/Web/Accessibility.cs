using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>axe-core on the page as it stands: any serious or critical violation fails the test, each named with where it is.</summary>
/// <remarks>
/// axe is put into a document once and run there, and only the serious and critical violations come back as text.
/// Deque's <c>RunAxe</c> sent the whole axe script (about 600 kB) through the Playwright driver on every call and
/// brought back every rule's result: about 1.5 s of a 2 s audit, and axe ran on a hundred pages in the suite.
/// A Blazor page keeps its document across in-app navigations, so most audits find axe already there.
/// </remarks>
public static class Accessibility
{
    private static readonly Lazy<string> AxeScript = new(() => new BundledAxeScriptProvider().GetScript());

    private const string SeriousViolations = """
        async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `- ${v.id} (${v.impact}): ${v.help}; at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
        """;

    public static async Task AssertAccessibleAsync(this IPage page)
    {
        // Colours at rest: a button enabled a moment ago is still fading in, and axe would measure it halfway.
        await page.AddStyleTagAsync(new() { Content = "*, *::before, *::after { transition: none !important; animation: none !important; }" });
        // The page's title comes with a render of its own (Blazor's HeadOutlet), which may follow the page's content.
        await page.WaitForFunctionAsync("() => document.title.length > 0");
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(AxeScript.Value);
        }

        var failures = await page.EvaluateAsync<string[]>(SeriousViolations);
        Assert.True(failures.Length == 0, $"axe found on {page.Url}:\n" + string.Join("\n", failures));
    }
}
