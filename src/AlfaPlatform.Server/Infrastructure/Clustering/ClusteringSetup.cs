using System.Net.Sockets;
using Orleans.Configuration;

namespace AlfaPlatform.Server.Infrastructure.Clustering;

/// <summary>How a silo joins the cluster, and how a gateway finds the silos (ADR 0014).</summary>
public static class ClusteringSetup
{
    private const string Npgsql = "Npgsql"; // the ADO.NET invariant Orleans loads Npgsql's factory by

    public static ISiloBuilder UsePlatformClustering(this ISiloBuilder silo, OrleansSettings settings, string connectionString)
    {
        if (settings.Membership == MembershipStore.Localhost)
        {
            return silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
        }

        silo.Configure<ClusterOptions>(cluster => Identify(cluster, settings));
        if (settings.KubernetesHosting)
        {
            // The pod's name and IP (POD_NAME, POD_IP from the downward API) become the silo's name and address, and a
            // silo whose pod is gone is declared dead at once instead of after the probes (deploy/k8s).
            silo.Configure<EndpointOptions>(endpoints => (endpoints.SiloPort, endpoints.GatewayPort) = (settings.SiloPort, settings.GatewayPort));
            silo.UseKubernetesHosting();
        }
        else if (settings.AdvertisedIp is { } address)
        {
            silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, settings.ListenOnAnyAddress);
        }
        else
        {
            silo.ConfigureEndpoints(settings.SiloPort, settings.GatewayPort, AddressFamily.InterNetwork, settings.ListenOnAnyAddress);
        }

        return silo.UseAdoNetClustering(options => (options.Invariant, options.ConnectionString) = (Npgsql, MembershipSchema.ConnectionStringFor(connectionString)));
    }

    public static IClientBuilder UsePlatformClustering(this IClientBuilder client, OrleansSettings settings, string connectionString)
    {
        if (settings.Membership == MembershipStore.Localhost)
        {
            return client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
        }

        client.Configure<ClusterOptions>(cluster => Identify(cluster, settings));
        return client.UseAdoNetClustering(options => (options.Invariant, options.ConnectionString) = (Npgsql, MembershipSchema.ConnectionStringFor(connectionString)));
    }

    private static void Identify(ClusterOptions cluster, OrleansSettings settings) =>
        (cluster.ClusterId, cluster.ServiceId) = (settings.ClusterId, settings.ServiceId);
}
