package io.hearth.kernel.http;

import io.hearth.kernel.plugin.PluginRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Lists the loaded plugins for operators: extension point, name, class and where it came from. */
@Path("/-/plugins")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class PluginsResource {

    private final PluginRegistry registry;

    /** For CDI proxies only. */
    protected PluginsResource() {
        this.registry = null;
    }

    @Inject
    PluginsResource(PluginRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Authorize(action = "hearth:ListPlugins", resource = Authorize.Scope.SERVER)
    public String list() {
        JsonArrayBuilder plugins = Json.createArrayBuilder();
        registry.plugins().all().forEach(e -> plugins.add(Json.createObjectBuilder()
                .add("extensionPoint", e.extensionPoint())
                .add("name", e.name())
                .add("class", e.factory().getClass().getName())
                .add("source", e.source())));
        return Json.createObjectBuilder().add("plugins", plugins).build().toString();
    }
}
