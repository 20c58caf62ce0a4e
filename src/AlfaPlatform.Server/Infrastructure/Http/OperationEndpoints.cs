using System.Reflection;

namespace AlfaPlatform.Server.Infrastructure.Http;

/// <summary>
/// An operation that maps its own endpoint into its feature's route group (<typeparamref name="TGroup"/> names the
/// group, e.g. the feature's change record), so adding an operation is one file: no list of routes to edit.
/// </summary>
public interface IOperationEndpoint<TGroup>
{
    static abstract void Map(RouteGroupBuilder feature);
}

public static class OperationEndpoints
{
    /// <summary>Maps every <see cref="IOperationEndpoint{TGroup}"/> of the assembly into <paramref name="group"/>, in name order.</summary>
    public static RouteGroupBuilder MapOperations<TGroup>(this RouteGroupBuilder group)
    {
        var mapOne = typeof(OperationEndpoints).GetMethod(nameof(MapOne), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var operation in typeof(TGroup).Assembly.GetTypes()
                     .Where(t => t is { IsAbstract: false } && t.IsAssignableTo(typeof(IOperationEndpoint<TGroup>)))
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            mapOne.MakeGenericMethod(typeof(TGroup), operation).Invoke(null, [group]);
        }

        return group;
    }

    private static void MapOne<TGroup, TOperation>(RouteGroupBuilder group) where TOperation : IOperationEndpoint<TGroup> =>
        TOperation.Map(group);
}
