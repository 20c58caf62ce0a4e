using Microsoft.Extensions.Localization;

namespace AlfaPlatform.Server.Web.Localization;

/// <summary>The words every page shares (app bar, buttons, states, choices): Words.resx, Words.fr.resx.</summary>
public sealed class Words;

/// <summary>
/// A page's text in the chosen language. The key is the English text; a page's own resources
/// (<c>Page.fr.resx</c> beside it) are looked up first, then the shared <see cref="Words"/>, so English needs no
/// resource file and a missing French one shows English rather than a code. LocalizationTests checks that every
/// literal key a page uses has its French.
/// </summary>
public sealed class Text<TPage>(IStringLocalizer<TPage> page, IStringLocalizer<Words> shared)
{
    public string this[string english]
    {
        get
        {
            var own = page[english];
            return own.ResourceNotFound ? shared[english].Value : own.Value;
        }
    }

    /// <summary>A sentence with placeholders ({0}, {1}…), formatted in the chosen culture.</summary>
    public string this[string english, params object[] arguments]
    {
        get
        {
            var own = page[english, arguments];
            return own.ResourceNotFound ? shared[english, arguments].Value : own.Value;
        }
    }

    /// <summary>
    /// A choice in words ("Cooperative group", not <c>CooperativeGroup</c>): the key <c>Type.Value</c> in the shared
    /// words; without one, the name split into words.
    /// </summary>
    public string Label<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var key = $"{typeof(TEnum).Name}.{value}";
        var label = shared[key];
        return label.ResourceNotFound ? Words(value.ToString()) : label.Value;
    }

    /// <summary>A code in words when it is not an enum (reason codes, event names): <c>Prefix.code</c>, else the code split.</summary>
    public string Label(string prefix, string code)
    {
        var label = shared[$"{prefix}.{code}"];
        return label.ResourceNotFound ? Words(code) : label.Value;
    }

    /// <summary>Who made a change, as histories and the audit name them: "the platform", or a name with its role in words.</summary>
    public string Actor(string? actor, string? actorName, string? role)
    {
        if (actor == "system")
        {
            return this["The platform"];
        }

        var name = actorName ?? this["Someone"];
        return role is { } r ? $"{name} ({Label("Role", r)})" : name;
    }

    private static string Words(string code)
    {
        var words = new System.Text.StringBuilder(code.Length + 8);
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c is '_' or '-')
            {
                words.Append(' ');
            }
            else if (i > 0 && char.IsUpper(c) && !char.IsUpper(code[i - 1]))
            {
                words.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(i == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return words.ToString();
    }
}
