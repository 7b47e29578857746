using Pharos.Accounts;
using Pharos.Http;

namespace Pharos.Admin.Api;

public sealed record UserDto(string Id, string Name, string Role, bool TwoFactor, bool Disabled, DateTimeOffset? DisabledAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static UserDto Of(User u) => new(u.Id, u.Name, Roles.Of(u.Role), u.TwoFactorEnabled, u.Disabled, u.DisabledAt, u.CreatedAt, u.UpdatedAt);
}

public sealed record CreateUserRequest(string Name, string Role, string Password);

/// <summary>Every field optional; `two_factor` may only be false (an admin turns it off; its owner turns it on).</summary>
public sealed record UpdateUserRequest(string? Role, bool? Disabled, string? Password, bool? TwoFactor);

/// <summary>
/// /api/v1/users (admin scope): the same changes as /admin/users and `pharos user`. Each is audited with the token
/// as the actor and ends the user's open sessions; errors are problem+json naming the field at fault.
/// </summary>
public static class UsersApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/users").WithTags("Users").RequireAuthorization(AuthPolicies.ApiAdmin);
        g.MapGet("", async (HttpContext http, IAccountStore store) =>
            await new ApiReply(200, (await store.ListUsersAsync(http.RequestAborted).ConfigureAwait(false)).Select(UserDto.Of).ToList()).WriteAsync(http).ConfigureAwait(false))
            .Produces<List<UserDto>>();
        g.MapGet("/{id}", async (HttpContext http, IAccountStore store, string id) =>
        {
            var user = await store.GetUserAsync(id, http.RequestAborted).ConfigureAwait(false);
            await (user is null ? Problems.NotFound($"There is no user '{id}'.") : new ApiReply(200, UserDto.Of(user))).WriteAsync(http).ConfigureAwait(false);
        }).Produces<UserDto>();
        g.MapPost("", CreateAsync).Accepts<CreateUserRequest>("application/json").Produces<UserDto>(201).ProducesValidationProblem();
        g.MapPatch("/{id}", UpdateAsync).Accepts<UpdateUserRequest>("application/json").Produces<UserDto>().ProducesValidationProblem();
        g.MapDelete("/{id}", async (HttpContext http, AccountService accounts, string id) =>
        {
            var result = await accounts.RemoveAsync(id, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
            await (result.Done ? new ApiReply(204, null) : Failure(result, id)).WriteAsync(http).ConfigureAwait(false);
        });
    }

    private static async Task CreateAsync(HttpContext http, AccountService accounts)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        var v = new Validation();
        var f = JsonFields.Parse(body, v, "name", "role", "password");
        var name = f is null ? null : v.Required("name", f.String("name"), User.MaxNameLength);
        var role = f is null ? null : Role(v, f.String("role"), required: true);
        var password = f?.String("password");
        if (f is not null && password is null && v.FirstFor("password") is null)
        {
            v.Add("password", "'password' is required.");
        }

        if (!v.IsValid || name is null || role is null || password is null)
        {
            await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var result = await accounts.AddUserAsync(name, role.Value, password, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
        await (result.Done
            ? new ApiReply(201, UserDto.Of(result.User!), Location: $"{ApiV1.Prefix}/users/{result.User!.Id}")
            : Failure(result, name)).WriteAsync(http).ConfigureAwait(false);
    }

    private static async Task UpdateAsync(HttpContext http, AccountService accounts, string id)
    {
        var body = await ApiV1.ReadBodyAsync(http).ConfigureAwait(false);
        var v = new Validation();
        var f = JsonFields.Parse(body, v, "role", "disabled", "password", "two_factor");
        var edit = new AccountEdit();
        if (f is not null)
        {
            var twoFactor = f.Bool("two_factor");
            if (twoFactor == true)
            {
                v.Add("two_factor", "'two_factor' can only be set to false here; its owner turns it on at /admin/account.");
            }

            edit = new AccountEdit { Role = Role(v, f.String("role"), required: false), Disabled = f.Bool("disabled"), Password = f.String("password"), ResetTwoFactor = twoFactor == false };
            if (edit == new AccountEdit() && v.IsValid)
            {
                v.Add("body", "Name at least one of 'role', 'disabled', 'password' or 'two_factor'.");
            }
        }

        if (!v.IsValid)
        {
            await Problems.Invalid(v).WriteAsync(http).ConfigureAwait(false);
            return;
        }

        var result = await accounts.EditAsync(id, edit, PharosClaims.ActorOf(http), http.RequestAborted).ConfigureAwait(false);
        await (result.Done ? new ApiReply(200, UserDto.Of(result.User!)) : Failure(result, id)).WriteAsync(http).ConfigureAwait(false);
    }

    private static UserRole? Role(Validation v, string? text, bool required)
    {
        if (text is null)
        {
            if (required && v.FirstFor("role") is null)
            {
                v.Add("role", "'role' is required: admin, editor or viewer.");
            }

            return null;
        }

        if (Roles.TryParse(text, out var role))
        {
            return role;
        }

        v.Add("role", $"'{text}' is not a role (admin, editor or viewer).");
        return null;
    }

    private static ApiReply Failure(AccountResult result, string what)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { [result.Field ?? "body"] = [result.Problem ?? "Refused."] };
        return result.Failure switch
        {
            AccountFailure.NotFound => Problems.Of(StatusCodes.Status404NotFound, "Not found", $"There is no user '{what}'.", errors),
            AccountFailure.Conflict => Problems.Of(StatusCodes.Status409Conflict, "Conflict", result.Problem, errors),
            _ => Problems.Of(StatusCodes.Status400BadRequest, "The request is not valid", "See 'errors' for each field at fault; nothing was changed.", errors),
        };
    }
}
