using AlfaPlatform.Domain.People;
using AlfaPlatform.Server.Infrastructure.Messaging;
using FluentValidation;

namespace AlfaPlatform.Server.People;

/// <summary>The profile fields that registering and updating a person share, and their rules.</summary>
public interface IPersonProfile
{
    string? GivenName { get; }
    string? FamilyName { get; }
    string? Email { get; }
    string? Orcid { get; }
    string? Title { get; }
    string? Phone { get; }
}

public sealed class PersonProfileValidator : AbstractValidator<IPersonProfile>
{
    public PersonProfileValidator()
    {
        RuleFor(x => x.GivenName).NotEmpty().MaximumLength(100);
        RuleFor(x => x.FamilyName).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Email).NotEmpty().MaximumLength(200).Must(EmailAddresses.IsPlain).WithMessage("An email is a bare address, such as ada@example.org.");
        RuleFor(x => x.Orcid).Must(Orcid.IsValid).When(x => x.Orcid is not null)
            .WithMessage("An ORCID iD reads like 0000-0002-1825-0097, its last character a valid checksum.");
        RuleFor(x => x.Title).MaximumLength(100);
        RuleFor(x => x.Phone).MaximumLength(40).Matches(@"\A\+?[0-9 ().-]{4,40}\z").When(x => x.Phone is not null)
            .WithMessage("A phone number holds digits, spaces, '+', '(', ')', '.' and '-'.");
    }
}
