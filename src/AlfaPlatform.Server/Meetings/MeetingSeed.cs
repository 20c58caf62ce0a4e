using AlfaPlatform.Domain.Meetings;
using AlfaPlatform.Server.Organisations;
using static AlfaPlatform.Domain.Meetings.MeetingKind;
using static AlfaPlatform.Domain.Meetings.SessionKind;
using AlfaPlatform.Server.Organisations.Contracts;

namespace AlfaPlatform.Server.Meetings;

/// <summary>
/// The meetings named in the network's news (shared/domain/opale-network-news.txt), with the dates, places and
/// chairs it gives. Where it is silent, the choices are ours and marked "decided": hours of the day, venue names it
/// does not give, session times, and the 67th ASH meeting's place and dates (see docs/meetings.md).
/// </summary>
public static class MeetingSeed
{
    public sealed record SessionEntry(string Key, string Title, SessionKind Kind, DateTime Start, DateTime End);

    public sealed record Entry(
        string Key, string Title, MeetingKind Kind, DateTime Start, DateTime End, string TimeZone, Venue Venue, string? Description,
        string[] Organisers, string[] Chairs, SessionEntry[] Sessions, string? Url = null);

    private static DateTime At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);

    private static readonly Venue MendesFrance = new("Pierre Mendès France Conference Centre", "Paris", "FR");

    public static readonly IReadOnlyList<Entry> Meetings =
    [
        new("leukemia-360-2024", "LEUKEMIA 360", PartneringDay, At(2024, 11, 13, 9), At(2024, 11, 13, 18), "Europe/Paris", MendesFrance,
            "A day dedicated to public-private collaborations in the research and development of therapeutic and diagnostic solutions for "
            + "leukaemia and related diseases, organised by the OPALE Carnot Institute with the support of the National Cancer Institute.",
            ["OPALE"], [], []),
        new("ash-2024", "66th ASH Annual Meeting and Exposition", Congress, At(2024, 12, 7, 8), At(2024, 12, 10, 17), "America/Los_Angeles",
            new Venue("San Diego Convention Center", "San Diego, California", "US"), "Where the network's studies are reported.", [], [], []),
        new("leukemia-360-2025", "LEUKEMIA 360 — second edition", PartneringDay, At(2025, 11, 13, 9), At(2025, 11, 13, 18), "Europe/Paris", MendesFrance,
            "The second edition brings together more than 40 research organisations involved in leukaemia and related diseases, organised by the "
            + "OPALE Carnot Institute, supported by the National Cancer Institute and the ARC Foundation for Cancer Research.",
            ["OPALE"], [], []),
        new("sfgm-tc-2025", "24th Annual SFGM-TC Congress", Congress, At(2025, 11, 19, 9), At(2025, 11, 21, 17), "Europe/Zurich",
            new Venue("Geneva", "Geneva", "CH"), "The congress of the francophone society of bone marrow transplantation and cellular therapy.", [], [],
            [
                new("educational", "Educational session", Educational, At(2025, 11, 19, 9), At(2025, 11, 19, 12, 30)),
                new("patients", "Patient, donor and caregiver session", PatientAndCaregiver, At(2025, 11, 19, 14), At(2025, 11, 19, 17)),
                new("nursing", "GFIC-GM Nursing Day", NursingDay, At(2025, 11, 20, 9), At(2025, 11, 20, 17)),
                new("data-managers", "TEC/data managers day", DataManagersDay, At(2025, 11, 21, 9), At(2025, 11, 21, 17)),
            ],
            "https://www.sfgmtc-congres.fr/"),
        new("ash-2025", "67th ASH Annual Meeting and Exposition", Congress, At(2025, 12, 6, 8), At(2025, 12, 9, 17), "America/New_York",
            new Venue("Orange County Convention Center", "Orlando, Florida", "US"),
            "#ASH2025, where members of the network presented (place and dates decided: the news does not give them).", [], [], []),
        new("monaco-biennial-2026", "17th Monegasque Cancer Research Biennial", Congress, At(2026, 1, 27, 9), At(2026, 1, 30, 17), "Europe/Monaco",
            new Venue("Grimaldi Forum", "Monaco", "MC"), null, [], [], []),
        new("eshal-2026", "ESHAL 2026", ScientificMeeting, At(2026, 2, 27, 9), At(2026, 3, 1, 13), "Europe/Paris",
            new Venue("Mandelieu-La Napoule", "Mandelieu-La Napoule", "FR"), "#ESHAL2026, announced by the ALFA group.", [],
            ["Hervé Dombret", "Christoph Röllig", "Wendy Stock"], []),
    ];

    public static Guid IdOf(string key) => NameBased($"alfa-seed/meeting/{key}");

    public static Guid SessionIdOf(string meeting, string session) => NameBased($"alfa-seed/meeting/{meeting}/session/{session}");

    public static Guid[] OrganisersOf(Entry entry) => [.. entry.Organisers.Select(OrganisationSeed.IdOf)];

    private static Guid NameBased(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8: a custom, name-derived UUID
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
