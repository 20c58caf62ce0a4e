using System.Net;
using AlfaPlatform.Server.Identity;
using AlfaPlatform.Server.Tests.Fixtures;

namespace AlfaPlatform.Server.Tests.Identity;

/// <summary>A fresh install's first staff account: its password, configured or generated, is known outside it.</summary>
public sealed class FirstStaffPasswordTests : OwnDatabaseTests
{
    [Fact]
    public async Task the_first_staff_account_must_choose_its_own_password_before_anything_else()
    {
        var app = await StartAsync();
        using var admin = PlatformFixture.CreateClient(app);
        await Accounts.SignInAsync(admin, FirstStaffAccount.UserName, Accounts.FirstStaffPassword);

        var accounts = await admin.GetAsync("/api/accounts");
        Assert.Equal(HttpStatusCode.Forbidden, accounts.StatusCode);
        Assert.Equal("password_change_required", (await accounts.ProblemAsync()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode);

        await Accounts.ChooseOwnPasswordAsync(admin, FirstStaffAccount.UserName, Accounts.FirstStaffPassword, Accounts.StaffPassword);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/accounts")).StatusCode);
        Assert.Null(await Accounts.TryTokenAsync(admin, FirstStaffAccount.UserName, Accounts.FirstStaffPassword));
    }
}
