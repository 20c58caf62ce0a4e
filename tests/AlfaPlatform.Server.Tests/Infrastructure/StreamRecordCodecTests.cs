using System.Text.Json;
using AlfaPlatform.Domain.Common;
using AlfaPlatform.Domain.Organisations;
using AlfaPlatform.Server.Infrastructure.EventSourcing;
using AlfaPlatform.Server.Organisations;
using AlfaPlatform.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace AlfaPlatform.Server.Tests.Infrastructure;

/// <summary>A grain's answer to a change holds the record it committed, and Orleans carries it whole (StreamRecordCodec).</summary>
[Collection(PlatformCollection.Name)]
public sealed class StreamRecordCodecTests(PlatformFixture platform)
{
    [Fact]
    public void a_committed_record_crosses_orleans_whole_with_the_lists_its_fold_built()
    {
        var serializer = platform.App.Services.GetRequiredService<Serializer>();
        var id = Guid.NewGuid();
        // The fold builds its lists with collection expressions, whose runtime types the compiler synthesises.
        var state = EventSourced.Fold<Organisation>(
        [
            new OrganisationRegistered(id, "Codec", "CODEC", OrganisationKind.PartnerCompany, null, "FR", ["UMR-1"], null, CompanySize.Sme),
            new CapabilityDeclared(Capability.Diagnostics),
            new OrganisationJoinedNetwork(new DateOnly(2024, 1, 2)),
        ])!;
        var at = new DateTimeOffset(2025, 6, 15, 10, 11, 12, TimeSpan.Zero).AddTicks(1234560);
        var record = new StreamRecord<Organisation>(id, 3, at, at.AddMinutes(5), state) { PhaseSince = at };

        var copy = serializer.Deserialize<Committed<Organisation>>(serializer.SerializeToArray(new Committed<Organisation>(3, null, record)));

        Assert.NotNull(copy);
        Assert.Equal(3, copy.Version);
        Assert.Equal(JsonSerializer.Serialize(OrganisationResponse.From(record)), JsonSerializer.Serialize(OrganisationResponse.From(copy.Record!)));
        Assert.Equal(record.PhaseSince, copy.Record!.PhaseSince);
    }
}
