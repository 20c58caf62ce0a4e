using System.Net;

namespace AlfaPlatform.Server.Infrastructure.Clustering;

/// <summary>Where silos find each other and the gateways find them.</summary>
public enum MembershipStore
{
    /// <summary>Membership in PostgreSQL (Orleans' ADO.NET clustering): silos and gateways on any number of machines.</summary>
    Postgres,

    /// <summary>Orleans' development clustering: one silo, reached on the loopback address only.</summary>
    Localhost,
}

/// <summary>The <c>Orleans</c> section of the configuration.</summary>
public sealed class OrleansSettings
{
    public string ClusterId { get; set; } = "alfa-platform";

    public string ServiceId { get; set; } = "alfa-platform";

    /// <summary>Not "Clustering": Orleans reads <c>Orleans:Clustering</c> itself, as the name of a provider to configure.</summary>
    public MembershipStore Membership { get; set; } = MembershipStore.Postgres;

    /// <summary>
    /// The address this silo gives the others and the gateways (a pod's or container's own IP, never a load balancer's).
    /// Unset: an IPv4 address of this machine, as Orleans resolves it.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// In a Kubernetes pod: Orleans' Kubernetes hosting names the silo after its pod, advertises the pod's IP, and
    /// declares dead the silos whose pods are gone (it needs to read and watch the namespace's pods: deploy/k8s).
    /// </summary>
    public bool KubernetesHosting { get; set; }

    /// <summary>Listen on every interface rather than the advertised address alone (in a container behind a NAT).</summary>
    public bool ListenOnAnyAddress { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The shortest period a reminder may have; unset keeps Orleans' default (one minute). Tests tick faster.</summary>
    public TimeSpan? MinimumReminderPeriod { get; set; }

    public IPAddress? AdvertisedIp => AdvertisedAddress is { Length: > 0 } address ? IPAddress.Parse(address) : null;
}
