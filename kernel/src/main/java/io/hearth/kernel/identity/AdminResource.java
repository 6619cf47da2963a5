package io.hearth.kernel.identity;

import io.hearth.kernel.amp.JsonBody;
import io.hearth.kernel.http.AuthenticationFilter;
import io.hearth.kernel.http.Authorize;
import io.hearth.kernel.plugin.PolicyValidation;
import io.hearth.spi.auth.Authorizer;
import io.hearth.spi.auth.Principal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;

/**
 * Hearth's identity administration, in the spirit of IAM and STS: users, access keys, identity
 * policies and temporary credentials. Signed like every other request; the actions are IAM's
 * names ({@code iam:CreateUser}, ..., {@code sts:GetSessionToken}) on user ARNs.
 */
@Path("/admin/v1")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private IdentityStore identities;
    private PolicyValidation validation;

    /** For CDI proxies only. */
    protected AdminResource() {
    }

    @Inject
    AdminResource(IdentityStore identities, PolicyValidation validation) {
        this.identities = identities;
        this.validation = validation;
    }

    @GET
    @Path("/users")
    @Authorize(action = "iam:ListUsers", resource = Authorize.Scope.SERVER)
    public String listUsers() {
        JsonArrayBuilder users = Json.createArrayBuilder();
        identities.listUsers().forEach(u -> users.add(user(u)));
        return Json.createObjectBuilder().add("users", users).build().toString();
    }

    @POST
    @Path("/users")
    @Authorize(action = "iam:CreateUser", resource = Authorize.Scope.SERVER)
    public Response createUser(String body) {
        UserDocument created = identities.createUser(JsonBody.parse(body).string("userName"));
        return Response.status(201).entity(Json.createObjectBuilder().add("user", user(created)).build().toString()).build();
    }

    @GET
    @Path("/users/{userName}")
    @Authorize(action = "iam:GetUser", resource = Authorize.Scope.USER)
    public String getUser(@PathParam("userName") String userName) {
        UserDocument u = identities.describeUser(userName);
        JsonArrayBuilder keys = Json.createArrayBuilder();
        identities.accessKeysOf(userName).forEach(k -> {
            JsonObjectBuilder key = Json.createObjectBuilder().add("accessKeyId", k.accessKeyId());
            if (k.expiresAtMillis() != 0) {
                key.add("expiration", Instant.ofEpochMilli(k.expiresAtMillis()).toString());
            }
            keys.add(key);
        });
        JsonObjectBuilder policies = Json.createObjectBuilder();
        new TreeMap<>(u.policies() == null ? java.util.Map.<String, String>of() : u.policies()).forEach(policies::add);
        return Json.createObjectBuilder().add("user", user(u)).add("accessKeys", keys).add("policies", policies)
                .build().toString();
    }

    @DELETE
    @Path("/users/{userName}")
    @Authorize(action = "iam:DeleteUser", resource = Authorize.Scope.USER)
    public Response deleteUser(@PathParam("userName") String userName) {
        identities.deleteUser(userName);
        return Response.noContent().build();
    }

    @POST
    @Path("/users/{userName}/access-keys")
    @Authorize(action = "iam:CreateAccessKey", resource = Authorize.Scope.USER)
    public Response createAccessKey(@PathParam("userName") String userName) {
        return Response.status(201).entity(key(identities.createAccessKey(userName))).build();
    }

    @DELETE
    @Path("/users/{userName}/access-keys/{accessKeyId}")
    @Authorize(action = "iam:DeleteAccessKey", resource = Authorize.Scope.USER)
    public Response deleteAccessKey(@PathParam("userName") String userName, @PathParam("accessKeyId") String accessKeyId) {
        identities.deleteAccessKey(userName, accessKeyId);
        return Response.noContent().build();
    }

    @PUT
    @Path("/users/{userName}/policies/{policyName}")
    @Authorize(action = "iam:PutUserPolicy", resource = Authorize.Scope.USER)
    public Response putUserPolicy(@PathParam("userName") String userName, @PathParam("policyName") String policyName,
            String document) {
        identities.describeUser(userName);
        validation.check("policyDocument", document, Authorizer.PolicyKind.IDENTITY);
        identities.putUserPolicy(userName, policyName, document);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/users/{userName}/policies/{policyName}")
    @Authorize(action = "iam:DeleteUserPolicy", resource = Authorize.Scope.USER)
    public Response deleteUserPolicy(@PathParam("userName") String userName, @PathParam("policyName") String policyName) {
        identities.deleteUserPolicy(userName, policyName);
        return Response.noContent().build();
    }

    @POST
    @Path("/session-token")
    @Authorize(action = "sts:GetSessionToken", resource = Authorize.Scope.CALLER)
    public Response getSessionToken(String body, @Context ContainerRequestContext request) {
        Long seconds = JsonBody.parse(body).integer("durationSeconds");
        Principal caller = (Principal) request.getProperty(AuthenticationFilter.PRINCIPAL);
        String userName = caller == null ? IdentityStore.ROOT : caller.name();
        IdentityStore.IssuedKey key = identities.issueSessionCredentials(userName,
                Duration.ofSeconds(seconds == null ? 43_200 : seconds));
        return Response.status(201).entity(key(key)).build();
    }

    private static JsonObjectBuilder user(UserDocument u) {
        return Json.createObjectBuilder().add("userName", u.name()).add("arn", u.arn())
                .add("createdAt", Instant.ofEpochMilli(u.createdAtMillis()).toString());
    }

    private static String key(IdentityStore.IssuedKey key) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("accessKeyId", key.accessKeyId())
                .add("secretAccessKey", key.secretAccessKey());
        if (key.sessionToken() != null) {
            json.add("sessionToken", key.sessionToken()).add("expiration", key.expiration().toString());
        }
        return Json.createObjectBuilder().add("credentials", json).build().toString();
    }
}
