using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Organisations.Contracts;
using AlfaPlatform.Server.Search.Contracts;
using AlfaPlatform.Server.Teams.Contracts;
using Marten;
using Mediator;

namespace AlfaPlatform.Server.Collaborations;

/// <summary>
/// Where staff might route a request, best first: organisations of the network by the capabilities they declare
/// that the request needs, teams by the focus areas that match its disease areas or the capabilities it seeks (and
/// their organisation's capabilities). Focus areas are matched through the search index, in French or English with
/// accents and word endings ignored ("leucémie aiguë myéloïde" meets "leucemies aigues myeloides"), and word for word
/// from the team's record, so a team created a moment ago is suggested before the index has caught up. A team is also
/// suggested when the request's title or summary holds one of its focus areas, read by the index's configurations. Each
/// suggestion says why. Partner companies, archived records, organisations that left the network
/// (and their teams) and targets the request is already routed to are never suggested.
/// </summary>
public static class RoutingSuggestions
{
    public sealed record Query(Guid RequestId) : IQuery<IReadOnlyList<Suggestion>?>;

    public sealed record Suggestion(Guid TargetId, string Kind, string Name, int Score, IReadOnlyList<string> Reasons);

    public sealed class Handler(IQuerySession session, ITopicMatches topics) : IQueryHandler<Query, IReadOnlyList<Suggestion>?>
    {
        public async ValueTask<IReadOnlyList<Suggestion>?> Handle(Query query, CancellationToken cancellationToken)
        {
            if (await session.LoadAsync<StreamRecord<CollaborationRequest>>(query.RequestId, cancellationToken) is not { State: var state })
            {
                return null;
            }

            var request = state.Details;
            var routed = state.Routings.Select(r => r.TargetId).ToHashSet();
            var network = await new NetworkCapabilities(session).NetworkOrganisationsAsync(cancellationToken);
            // One registered that never joined can still be routed to, so it is suggested; one that left is not, nor its teams.
            var departed = network.Where(o => o.HasLeftNetwork).Select(o => o.Id).ToHashSet();
            var organisations = network.Where(o => !o.IsArchived && !departed.Contains(o.Id)).ToDictionary(o => o.Id);
            var teams = await new TeamFocusAreas(session).ActiveTeamsAsync(cancellationToken);

            var suggestions = new List<Suggestion>();
            foreach (var (id, organisation) in organisations.Where(o => !routed.Contains(o.Key)))
            {
                var offered = request.Capabilities.Intersect(organisation.Capabilities).ToList();
                if (offered.Count > 0)
                {
                    suggestions.Add(new Suggestion(id, "organisation", organisation.Acronym, 2 * offered.Count,
                        [.. offered.Select(c => $"declares {c}")]));
                }
            }

            // Each topic with the words a reason shows: a disease area as written, a capability by its English name.
            var sought = request.DiseaseAreas.Select(d => (Topic: d, Reason: d))
                .Concat(request.Capabilities.SelectMany(c => CapabilityWords.Phrases(c).Select(p => (Topic: p, Reason: CapabilityWords.Phrases(c)[0]))))
                .ToList();
            var indexed = await topics.MatchAsync(SearchKinds.Team, [.. sought.Select(s => s.Topic)], cancellationToken);
            var candidates = teams.Where(t => !routed.Contains(t.Id) && !departed.Contains(t.OrganisationId)).ToList();
            // The request's own words (never its confidential details) against the candidates' focus areas.
            var mentioned = await topics.MentionedAsync($"{request.Title}\n{request.Summary}",
                [.. candidates.SelectMany(t => t.FocusAreas).Distinct(StringComparer.Ordinal)], cancellationToken);
            foreach (var team in candidates)
            {
                var matched = indexed.GetValueOrDefault(team.Id) ?? [];
                var focus = sought
                    .Where(s => matched.Contains(s.Topic) || team.FocusAreas.Contains(s.Topic, StringComparer.OrdinalIgnoreCase))
                    .Select(s => s.Reason).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var told = team.FocusAreas.Where(f => mentioned.Contains(f) && !focus.Contains(f, StringComparer.OrdinalIgnoreCase))
                    .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var offered = organisations.TryGetValue(team.OrganisationId, out var home)
                    ? request.Capabilities.Intersect(home.Capabilities).ToList()
                    : [];
                if (focus.Count + told.Count > 0)
                {
                    suggestions.Add(new Suggestion(team.Id, "team", team.Name, (2 * focus.Count) + told.Count + offered.Count,
                        [.. focus.Select(f => $"focus on {f}"), .. told.Select(f => $"the request mentions {f}"),
                         .. offered.Select(c => $"its organisation declares {c}")]));
                }
            }

            return [.. suggestions.OrderByDescending(s => s.Score).ThenBy(s => s.Name, StringComparer.Ordinal).Take(30)];
        }
    }
}
