namespace AlfaPlatform.Server.Infrastructure.Hosting;

/// <summary>What one process of the platform runs; the same binary serves every role.</summary>
public enum PlatformRole
{
    /// <summary>Gateway (HTTP API) and Orleans silo in one process: the default.</summary>
    Combined,

    /// <summary>Only an Orleans silo (grains); HTTP serves health endpoints only.</summary>
    Silo,

    /// <summary>Only the gateway, reaching the silos as an Orleans cluster client.</summary>
    Gateway,
}
