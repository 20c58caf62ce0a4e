namespace AlfaPlatform.Server.Identity.Contracts;

/// <summary>What an erased account is called (ADR 0008): erasure looks for every spelling of a person but this one.</summary>
public static class ErasedAccounts
{
    /// <summary>Unique like the user name it replaces, and says nothing about the person.</summary>
    public static string UserNameOf(Guid accountId) => $"erased-{accountId:N}";
}
