using System.Text.Json;
using System.Text.Json.Nodes;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using Marten;
using Mediator;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.Extensions.Options;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// The request's timeline. Staff see every step, but not the confidential details (they open those on purpose, and
/// the read is logged); the partner sees its own request's through an allow-list (<see cref="PartnerHistory"/>).
/// </summary>
public static class GetRequestHistory
{
    public sealed record Query(Guid RequestId) : IQuery<IReadOnlyList<HistoryEntry>?>;

    public sealed class Handler(IQuerySession session, RequestAccess access, IOptions<JsonOptions> json) : IQueryHandler<Query, IReadOnlyList<HistoryEntry>?>
    {
        public async ValueTask<IReadOnlyList<HistoryEntry>?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await access.OpenAsync(query.RequestId, cancellationToken) is not (_, { IsStaff: var staff, IsOwner: var owner }) || !(staff || owner))
            {
                return null;
            }

            var options = json.Value.SerializerOptions;
            var history = await StreamHistory.HistoryAsync<CollaborationRequest>(session, query.RequestId, options, cancellationToken);
            var confidential = options.PropertyNamingPolicy?.ConvertName(nameof(RequestDetails.ConfidentialDetails)) ?? nameof(RequestDetails.ConfidentialDetails);
            return staff
                ? history?.Select(e => WithoutConfidentialDetails(e, confidential)).ToList()
                : history?.Select(PartnerHistory.View).OfType<HistoryEntry>().ToList();
        }

        /// <summary>What staff are shown of a change: the confidential details blanked wherever they appear (event and fields).</summary>
        private static HistoryEntry WithoutConfidentialDetails(HistoryEntry entry, string field) => entry with
        {
            Data = Blanked(entry.Data, field),
            Changes = [.. entry.Changes.Select(c => c with { Before = c.Before is { } before ? Blanked(before, field) : null, After = Blanked(c.After, field) })],
        };

        private static JsonElement Blanked(JsonElement element, string field)
        {
            var node = JsonNode.Parse(element.GetRawText());
            Blank(node, field);
            return JsonSerializer.SerializeToElement(node);
        }

        private static void Blank(JsonNode? node, string field)
        {
            if (node is JsonObject o)
            {
                if (o.ContainsKey(field))
                {
                    o[field] = null;
                }

                foreach (var child in o.Select(p => p.Value).ToList())
                {
                    Blank(child, field);
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var child in a)
                {
                    Blank(child, field);
                }
            }
        }
    }
}
