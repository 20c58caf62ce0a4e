using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>
/// docker-compose.yml and the manifests in deploy/k8s are valid for the tools that will read them: checked offline by
/// tests/deploy-validate (the Compose specification's JSON schema; the Kubernetes API's schemas through
/// kubernetes-models, each pinned by its package-lock.json and installed there with npm ci the first time).
/// </summary>
public sealed class DeploymentFilesTests
{
    [Fact]
    public async Task the_compose_file_follows_the_compose_specification()
    {
        var (exit, problems) = await ValidateAsync("compose", Path.Combine(Repository.Root, "docker-compose.yml"));

        Assert.True(exit == 0, problems);
    }

    [Fact]
    public async Task the_kubernetes_manifests_follow_the_kubernetes_api()
    {
        var (exit, problems) = await ValidateAsync("k8s", Path.Combine(Repository.Root, "deploy", "k8s"));

        Assert.True(exit == 0, problems);
    }

    [Fact]
    public async Task the_validation_finds_the_mistakes_planted_in_copies()
    {
        var folder = Directory.CreateTempSubdirectory("alfa-deploy-").FullName;
        try
        {
            var compose = Path.Combine(folder, "docker-compose.yml");
            await File.WriteAllTextAsync(compose, (await File.ReadAllTextAsync(Path.Combine(Repository.Root, "docker-compose.yml")))
                .Replace("restart: unless-stopped", "restrat: unless-stopped", StringComparison.Ordinal));
            var silos = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", "k8s", "30-silos.yaml"));
            await File.WriteAllTextAsync(Path.Combine(folder, "30-silos.yaml"), silos.Replace("replicas: 2", "replicas: two", StringComparison.Ordinal));

            var (composeExit, composeProblems) = await ValidateAsync("compose", compose);
            var (k8sExit, k8sProblems) = await ValidateAsync("k8s", folder);

            Assert.Equal(1, composeExit);
            Assert.Contains("restrat", composeProblems, StringComparison.Ordinal);
            Assert.Equal(1, k8sExit);
            Assert.Contains("spec/replicas must be integer", k8sProblems, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int Exit, string Problems)> ValidateAsync(string kind, string target)
    {
        var validator = await NodePackages.InstalledAsync("deploy-validate", Path.Combine("kubernetes-models", "package.json"));
        var (exit, output, error) = await NodePackages.RunAsync(validator, "node", ["validate.mjs", kind, target]);
        return (exit, output + error);
    }
}
