package io.hearth.kernel.http;

import io.hearth.kernel.alertmanager.AlertManagerDefinitionResource;
import io.hearth.kernel.amp.AmpExceptionMapper;
import io.hearth.kernel.amp.UnexpectedExceptionMapper;
import io.hearth.kernel.identity.AdminResource;
import io.hearth.kernel.query.PrometheusApiExceptionMapper;
import io.hearth.kernel.query.PrometheusApiFilter;
import io.hearth.kernel.query.QueryApiResource;
import io.hearth.kernel.rules.RuleGroupsNamespaceResource;
import io.hearth.kernel.rules.RulesApiResource;
import io.hearth.kernel.storage.FlushResource;
import io.hearth.kernel.usage.UsageResource;
import io.hearth.kernel.workspace.ResourcePolicyResource;
import io.hearth.kernel.workspace.TagsResource;
import io.hearth.kernel.workspace.WorkspaceResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** Every HTTP resource and provider of the kernel, listed once. */
@ApplicationScoped
public class HearthApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                HealthResource.class,
                PluginsResource.class,
                WorkspaceResource.class,
                TagsResource.class,
                ResourcePolicyResource.class,
                AdminResource.class,
                QueryApiResource.class,
                UsageResource.class,
                FlushResource.class,
                RuleGroupsNamespaceResource.class,
                RulesApiResource.class,
                AlertManagerDefinitionResource.class,
                PrometheusApiExceptionMapper.class,
                PrometheusApiFilter.class,
                AuthenticationFilter.class,
                AuthorizationFilter.class,
                RequestMetricsFilter.class,
                ResponseCompression.class,
                AmpExceptionMapper.class,
                UnexpectedExceptionMapper.class);
    }
}
