using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace AlfaPlatform.Server.Web;

/// <summary>One key of the data-protection key ring (the XML ASP.NET Core writes), stored in PostgreSQL.</summary>
public sealed record DataProtectionKey(string Id, string Xml);

/// <summary>
/// The data-protection key ring (which protects the web sign-in cookie and the forms' antiforgery tokens) lives in
/// the platform's database, under one application name: every node of a deployment reads and writes the same keys,
/// so a cookie issued by one node is read by any other, and a restart signs nobody out.
/// </summary>
public static class SharedKeyRing
{
    /// <summary>Fixed, not derived from the install path, so that nodes installed in different folders share the keys.</summary>
    public const string ApplicationName = "AlfaPlatform";

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.ConfigureMarten(options => options.Schema.For<DataProtectionKey>());
        services.AddOptions<KeyManagementOptions>().Configure<IDocumentStore>((options, store) => options.XmlRepository = new Repository(store));
        return services;
    }

    /// <summary>
    /// ASP.NET Core's interface is synchronous; it is called when a node first needs the ring, when the ring is
    /// refreshed (daily) and when a key is created (every 90 days), so blocking on Marten's asynchronous calls is cheap.
    /// </summary>
    private sealed class Repository(IDocumentStore store) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var session = store.QuerySession();
            var keys = session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult();
            return [.. keys.Select(key => XElement.Parse(key.Xml))];
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var session = store.LightweightSession();
            // The friendly name is "key-{guid}", unique per key; a key is never changed once written.
            session.Store(new DataProtectionKey(friendlyName is { Length: > 0 } ? friendlyName : Guid.NewGuid().ToString("N"), element.ToString(SaveOptions.DisableFormatting)));
            session.SaveChangesAsync().GetAwaiter().GetResult();
        }
    }
}
