using System.Globalization;
using AlfaPlatform.Domain.Collaborations;

namespace AlfaPlatform.Server.Notifications;

/// <summary>
/// What a notification says, as one of <see cref="NotificationPhrases"/> and the facts it names, so that a page can
/// say it in its reader's language: a day as that language writes days, a reason or an agreement kind in its words.
/// <see cref="English"/> is the notification's <c>text</c>, as the API and the emails give it.
/// </summary>
/// <param name="Template">One of <see cref="NotificationPhrases"/>: English, with a placeholder ({0}, {1}) for each fact.</param>
public sealed record Phrase(string Template, IReadOnlyList<PhraseFact> Facts)
{
    public static Phrase Of(string template, params PhraseFact[] facts) => new(template, facts);

    public string English() => string.Format(CultureInfo.InvariantCulture, Template, [.. Facts.Select(f => f.English())]);
}

/// <summary>What kind of fact a phrase names, so a page knows how to write it.</summary>
public enum PhraseFactKind
{
    /// <summary>Written as it is: a title, a number, a place.</summary>
    Text,

    /// <summary>A day, <c>yyyy-MM-dd</c>.</summary>
    Day,

    /// <summary>A <see cref="Domain.Collaborations.DeclineReason"/> by name.</summary>
    DeclineReason,

    /// <summary>An <see cref="Domain.Collaborations.AgreementKind"/> by name.</summary>
    AgreementKind,
}

/// <summary>One fact of a <see cref="Phrase"/>: its kind and its value, written without any language.</summary>
public sealed record PhraseFact(PhraseFactKind Kind, string Value)
{
    public static PhraseFact Text(string text) => new(PhraseFactKind.Text, text);

    public static PhraseFact Day(DateOnly day) => new(PhraseFactKind.Day, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public static PhraseFact Of(DeclineReason reason) => new(PhraseFactKind.DeclineReason, reason.ToString());

    public static PhraseFact Of(AgreementKind kind) => new(PhraseFactKind.AgreementKind, kind.ToString());

    public static implicit operator PhraseFact(string text) => Text(text);

    public string English() => Kind switch
    {
        PhraseFactKind.DeclineReason => Enum.Parse<DeclineReason>(Value) switch
        {
            DeclineReason.OutOfScope => "out of scope",
            DeclineReason.TooEarlyStage => "too early a stage",
            DeclineReason.NoCapacity => "no capacity",
            DeclineReason.DataNotAvailable => "data not available",
            DeclineReason.CommercialRouteUnclear => "commercial route unclear",
            DeclineReason.Duplicate => "a duplicate",
            _ => "another reason",
        },
        PhraseFactKind.AgreementKind => Enum.Parse<AgreementKind>(Value) switch
        {
            AgreementKind.Confidentiality => "confidentiality agreement",
            AgreementKind.MaterialTransfer => "material transfer agreement",
            AgreementKind.ResearchCollaboration => "research collaboration agreement",
            AgreementKind.Service => "service agreement",
            _ => "licence",
        },
        _ => Value,
    };
}
