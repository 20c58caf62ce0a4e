using System.Text.RegularExpressions;
using System.Xml.Linq;
using AlfaPlatform.Domain.Collaborations;
using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Domain.Partners;
using AlfaPlatform.Domain.Teams;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>
/// Every word a page shows has its French: each literal key of a page's <c>T["…"]</c> is in the French resources of
/// the page it names (<c>Text&lt;Page&gt;</c>) or in the shared words, and every choice the pages put in words has
/// its English and French label.
/// </summary>
public sealed partial class LocalizationTests
{
    private static readonly DirectoryInfo Web = new(Path.Combine(Repository.Root, "src", "AlfaPlatform.Server", "Web"));

    [Fact]
    public void every_literal_text_of_every_page_has_its_french()
    {
        var shared = Keys(Path.Combine(Web.FullName, "Localization", "Words.fr.resx"));
        var resources = Web.EnumerateFiles("*.fr.resx", SearchOption.AllDirectories)
            .ToDictionary(f => f.Name[..^".fr.resx".Length], f => Keys(f.FullName));
        var missing = new List<string>();
        foreach (var file in Web.EnumerateFiles("*.razor", SearchOption.AllDirectories))
        {
            var source = File.ReadAllText(file.FullName);
            foreach (Match injected in Injection().Matches(source))
            {
                var (page, name) = (injected.Groups["page"].Value, injected.Groups["name"].Value);
                var own = resources.GetValueOrDefault(page) ?? [];
                foreach (Match use in Use(name).Matches(source))
                {
                    var key = Regex.Unescape(use.Groups["key"].Value);
                    if (!own.Contains(key) && !shared.Contains(key))
                    {
                        missing.Add($"{file.Name}: \"{key}\" (in {page}.fr.resx or Words.fr.resx)");
                    }
                }
            }
        }

        Assert.True(missing.Count == 0, "Words without their French:\n" + string.Join("\n", missing.Distinct()));
    }

    [Fact]
    public void every_choice_shown_in_words_has_an_english_and_a_french_label()
    {
        var english = Keys(Path.Combine(Web.FullName, "Localization", "Words.resx"));
        var french = Keys(Path.Combine(Web.FullName, "Localization", "Words.fr.resx"));
        Type[] choices = [typeof(OrganisationKind), typeof(RequestState), typeof(CollaborationKind), typeof(DeclineReason), typeof(AgreementKind),
            typeof(Capability), typeof(CompanySize), typeof(ApplicationStatus), typeof(MeetingKind), typeof(TeamRole),
            typeof(SessionKind), typeof(MeetingStatus), typeof(MeetingVisibility), typeof(ContributionStatus), typeof(RegistrationStatus)];
        var missing = choices.SelectMany(type => Enum.GetNames(type).Select(value => $"{type.Name}.{value}"))
            .Where(key => !english.Contains(key) || !french.Contains(key)).ToList();
        Assert.True(missing.Count == 0, "Choices without a label in both languages: " + string.Join(", ", missing));
    }

    [Fact]
    public void every_sentence_a_notification_can_say_has_its_french_with_the_same_facts()
    {
        var french = XDocument.Load(Path.Combine(Web.FullName, "Components", "Partner", "PartnerNotifications.fr.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var phrases = typeof(AlfaPlatform.Server.Notifications.NotificationPhrases).GetFields()
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.NotEmpty(phrases);
        var missing = phrases.Where(p => !french.TryGetValue(p, out var f) || !Placeholders(p).SetEquals(Placeholders(f))).ToList();
        Assert.True(missing.Count == 0, "Notification sentences without their French (or with other facts):\n" + string.Join("\n", missing));
    }

    private static HashSet<string> Placeholders(string sentence) => [.. Regex.Matches(sentence, @"\{\d+\}").Select(m => m.Value)];

    private static HashSet<string> Keys(string resx) =>
        [.. XDocument.Load(resx).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];

    private static Regex Use(string localizer) => new($@"(?<![\w.]){Regex.Escape(localizer)}\[""(?<key>(?:[^""\\]|\\.)*)""");

    [GeneratedRegex(@"@inject\s+Text<(?<page>\w+)>\s+(?<name>\w+)")]
    private static partial Regex Injection();
}
