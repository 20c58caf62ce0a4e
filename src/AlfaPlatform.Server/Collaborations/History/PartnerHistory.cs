using System.Text.Json;
using System.Text.Json.Nodes;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using FluentValidation;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// What a partner is shown of its request's history, by allow-list: the kinds of event it may see, and in each the
/// fields of the event's data and of the request's changed fields it may see (a path goes into nested objects, and
/// through lists to each item). An event kind or field not listed is left out, so a note or routing added for the
/// network's own use stays hidden until someone decides the partner may see it. Staff's notes (the screening note,
/// the routing reasons, the teams' answers) are not listed; what the partner reads of a decline is what
/// <c>GET /{id}</c> shows it.
/// </summary>
public static class PartnerHistory
{
    private static string[] Path(params string[] names) => names;

    /// <summary>Per event kind, the fields of its data. The network's routing (which teams, their answers, their lateness) is not listed.</summary>
    private static readonly Dictionary<string, string[][]> Events = new()
    {
        [nameof(RequestDrafted)] = [Path(nameof(RequestDrafted.RequestId)), Path(nameof(RequestDrafted.PartnerOrganisationId)), Path(nameof(RequestDrafted.Details))],
        [nameof(DraftUpdated)] = [Path(nameof(DraftUpdated.Details))],
        [nameof(RequestSubmitted)] = [Path(nameof(RequestSubmitted.ScreeningDueOn))],
        [nameof(ScreeningStarted)] = [],
        [nameof(AcceptedForAssessment)] = [], // the step, never staff's note
        [nameof(ProposalsShortlisted)] = [Path(nameof(ProposalsShortlisted.TargetIds))],
        [nameof(ProposalSelected)] = [Path(nameof(ProposalSelected.TargetId))],
        [nameof(AgreementRecorded)] = [Path(nameof(AgreementRecorded.Kind)), Path(nameof(AgreementRecorded.Parties)), Path(nameof(AgreementRecorded.ValueEuros)), Path(nameof(AgreementRecorded.SignedOn))],
        [nameof(RequestActivated)] = [],
        [nameof(RequestCompleted)] = [Path(nameof(RequestCompleted.OutcomeNote))],
        [nameof(SatisfactionRated)] = [Path(nameof(SatisfactionRated.Score)), Path(nameof(SatisfactionRated.Comment))],
        [nameof(RequestDeclined)] = [Path(nameof(RequestDeclined.Reason)), Path(nameof(RequestDeclined.Message))],
        [nameof(RequestWithdrawn)] = [Path(nameof(RequestWithdrawn.Reason))],
        [nameof(ScreeningOverdue)] = [Path(nameof(ScreeningOverdue.DueOn))],
        [nameof(MessagePosted)] = [Path(nameof(MessagePosted.MessageId)), Path(nameof(MessagePosted.Text)), .. AuthorAsShown(nameof(MessagePosted.Author))],
        [nameof(DocumentAttached)] =
        [
            Path(nameof(DocumentAttached.DocumentId)), Path(nameof(DocumentAttached.FileName)), Path(nameof(DocumentAttached.MediaType)),
            Path(nameof(DocumentAttached.Length)), Path(nameof(DocumentAttached.AttachedAt)), .. AuthorAsShown(nameof(DocumentAttached.Author)),
        ],
        [nameof(DocumentRemoved)] = [Path(nameof(DocumentRemoved.DocumentId)), Path(nameof(DocumentRemoved.FileName))],
    };

    /// <summary>The fields of the request whose changes the partner is shown (not its routings).</summary>
    private static readonly string[][] Fields =
    [
        Path(nameof(CollaborationRequest.Id)), Path(nameof(CollaborationRequest.PartnerOrganisationId)), Path(nameof(CollaborationRequest.Details)),
        Path(nameof(CollaborationRequest.State)), Path(nameof(CollaborationRequest.Shortlisted)), Path(nameof(CollaborationRequest.Selected)),
        Path(nameof(CollaborationRequest.Agreements)), Path(nameof(CollaborationRequest.Declined)), Path(nameof(CollaborationRequest.WithdrawnBecause)),
        Path(nameof(CollaborationRequest.Outcome)), Path(nameof(CollaborationRequest.Satisfaction)), Path(nameof(CollaborationRequest.Screening)),
        Path(nameof(CollaborationRequest.Messages), nameof(Message.Id)), Path(nameof(CollaborationRequest.Messages), nameof(Message.Text)),
        .. AuthorAsShown(nameof(CollaborationRequest.Messages), nameof(Message.Author)),
        .. new[] { nameof(AttachedDocument.Id), nameof(AttachedDocument.FileName), nameof(AttachedDocument.MediaType), nameof(AttachedDocument.Length), nameof(AttachedDocument.AttachedAt) }
            .Select(field => Path(nameof(CollaborationRequest.Documents), field)),
        .. AuthorAsShown(nameof(CollaborationRequest.Documents), nameof(AttachedDocument.AttachedBy)),
    ];

    /// <summary>A message's author as the conversation shows it: name, role, the team they speak for; not their account.</summary>
    private static IEnumerable<string[]> AuthorAsShown(params string[] at) =>
        new[] { nameof(MessageAuthor.Name), nameof(MessageAuthor.Role), nameof(MessageAuthor.ForTargetId) }.Select(field => (string[])[.. at, field]);

    /// <summary>The entry as the partner sees it, or null when its kind is not for the partner.</summary>
    public static HistoryEntry? View(HistoryEntry entry)
    {
        if (!Events.TryGetValue(entry.Event, out var data))
        {
            return null;
        }

        var changes = new List<FieldChange>();
        foreach (var change in entry.Changes)
        {
            var paths = Under(Fields, change.Field).ToList();
            if (paths.Count == 0)
            {
                continue;
            }

            var before = change.Before is { } was ? Kept(was, paths) : (JsonElement?)null;
            var after = Kept(change.After, paths);
            if (before is not { } shown || !JsonElement.DeepEquals(shown, after))
            {
                changes.Add(change with { Before = before, After = after });
            }
        }

        return entry with { Data = Kept(entry.Data, data), Changes = changes };
    }

    /// <summary>The rest of each path that begins with <paramref name="name"/> (JSON names are camel case; ours are not).</summary>
    private static IEnumerable<string[]> Under(IEnumerable<string[]> paths, string name) =>
        paths.Where(p => p.Length > 0 && string.Equals(p[0], name, StringComparison.OrdinalIgnoreCase)).Select(p => p[1..]);

    /// <summary>Only what the paths reach: an empty path keeps all below it; a list keeps what the paths reach in each item.</summary>
    private static JsonElement Kept(JsonElement element, IReadOnlyCollection<string[]> paths) =>
        JsonSerializer.SerializeToElement(KeptNode(element, paths));

    private static JsonNode? KeptNode(JsonElement element, IReadOnlyCollection<string[]> paths)
    {
        if (paths.Any(p => p.Length == 0))
        {
            return JsonNode.Parse(element.GetRawText());
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var kept = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    var below = Under(paths, property.Name).ToList();
                    if (below.Count > 0)
                    {
                        kept[property.Name] = KeptNode(property.Value, below);
                    }
                }

                return kept;
            case JsonValueKind.Array:
                return new JsonArray([.. element.EnumerateArray().Select(item => KeptNode(item, paths))]);
            default:
                return null; // a value where the paths expected an object: not listed, so not shown
        }
    }
}
