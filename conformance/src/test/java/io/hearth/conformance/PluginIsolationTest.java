package io.hearth.conformance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.kernel.plugin.LoadedExtension;
import io.hearth.kernel.plugin.PluginLoader;
import io.hearth.kernel.plugin.PluginStartupException;
import io.hearth.kernel.plugin.Plugins;
import io.hearth.spi.auth.AuthenticatorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.antlr.v4.runtime.RuntimeMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin built at test time, with its own version of a library the kernel also ships, dropped
 * into plugins/: it is loaded, it is used, and neither side sees the other's library.
 */
class PluginIsolationTest {

    @TempDir
    Path temp;

    @Test
    void pluginKeepsItsOwnLibraryVersionAndTheKernelKeepsItsOwn() throws Exception {
        Path plugins = temp.resolve("plugins");
        TestPluginJar.build(plugins.resolve("test-token"));

        Plugins loaded = PluginLoader.load(plugins, PluginIsolationTest.class.getClassLoader());
        LoadedExtension<AuthenticatorFactory> extension = loaded.authenticators().get("test-token");
        Class<?> pluginClass = extension.loader().loadClass("io.hearth.testplugin.TokenPlugin");
        String pluginsView = (String) pluginClass.getMethod("libraryVersion").invoke(null);

        assertEquals(TestPluginJar.LIBRARY_VERSION, pluginsView, "the plugin sees the library version it bundles");
        assertNotEquals(pluginsView, RuntimeMetaData.VERSION, "the kernel ships a different version of the library");
        assertNotSame(RuntimeMetaData.class, extension.loader().loadClass(RuntimeMetaData.class.getName()),
                "the plugin's copy of the library is a different class from the kernel's");
        assertTrue(extension.source().endsWith("test-token"), extension.source());
        assertThrows(ClassNotFoundException.class,
                () -> PluginIsolationTest.class.getClassLoader().loadClass("io.hearth.testplugin.TokenPlugin"),
                "the plugin's classes do not leak into the kernel's class loader");
        assertEquals(io.hearth.spi.HearthPlugin.class, extension.loader().loadClass("io.hearth.spi.HearthPlugin"),
                "plugin and kernel share the spi contracts");
    }

    @Test
    void twoPluginsClaimingOneNameStopTheStart() {
        Path plugins = temp.resolve("plugins");
        TestPluginJar.build(plugins.resolve("first"));
        TestPluginJar.build(plugins.resolve("second"));
        PluginStartupException e = assertThrows(PluginStartupException.class,
                () -> PluginLoader.load(plugins, PluginIsolationTest.class.getClassLoader()));
        assertTrue(e.getMessage().contains("two plugins offer an authenticator named 'test-token'"), e.getMessage());
    }

    @Test
    void theDistributionLoadsAndUsesADroppedInPlugin() throws Exception {
        Path home = DistributionCopy.of(temp.resolve("install"));
        TestPluginJar.build(home.resolve("plugins/test-token"));
        // The token comes from the environment: HEARTH_AUTH_TEST_TOKEN_TOKEN reaches the plugin as its property token.
        try (HearthProcess hearth = HearthProcess.start(temp.resolve("data"), HearthProcess.options().home(home)
                .arg("--hearth.auth.authenticators=test-token").env("HEARTH_AUTH_TEST_TOKEN_TOKEN", "s3cret"))) {
            String base = hearth.baseUrl();
            given().get(base + "/workspaces").then().statusCode(403)
                    .header("x-amzn-ErrorType", "MissingAuthenticationTokenException");
            given().header("Authorization", "Bearer wrong").get(base + "/workspaces").then().statusCode(403)
                    .header("x-amzn-ErrorType", "UnrecognizedClientException")
                    .body("message", containsString("antlr " + TestPluginJar.LIBRARY_VERSION));
            // The plugin established who the caller is; the authorizer then finds no policy for that user.
            given().header("Authorization", "Bearer s3cret").get(base + "/workspaces").then().statusCode(403)
                    .header("x-amzn-ErrorType", "AccessDeniedException")
                    .body("message", containsString("arn:aws:iam::000000000000:user/token-user is not authorized to perform: aps:ListWorkspaces"));
            given().get(base + "/-/ready").then().statusCode(200);
            assertTrue(hearth.log().contains("loaded plugin: extension point=authenticator name=test-token class="
                    + "io.hearth.testplugin.TokenPlugin$1 source=" + home.resolve("plugins/test-token")), hearth.log());
            assertTrue(Files.list(home.resolve("lib")).anyMatch(p -> p.getFileName().toString().startsWith("antlr4-runtime-")
                    && !p.getFileName().toString().contains(TestPluginJar.LIBRARY_VERSION)));
            assertEquals(0, hearth.terminate(Duration.ofSeconds(30)));
        }
    }

    @Test
    void aConfiguredPluginThatIsMissingStopsTheStartWithAClearMessage() {
        try (HearthProcess hearth = HearthProcess.launch(temp.resolve("data"),
                HearthProcess.options().arg("--hearth.auth.authenticators=nonesuch"))) {
            int status = hearth.awaitExit(Duration.ofSeconds(60));
            assertNotEquals(0, status);
            assertTrue(hearth.log().contains("hearth.auth.authenticators names 'nonesuch', but no loaded plugin offers an authenticator of that name"),
                    hearth.log());
        }
    }

    @Test
    void aConfiguredRuleEvaluatorOrNotifierThatIsMissingStopsTheStart() {
        try (HearthProcess hearth = HearthProcess.launch(temp.resolve("data-rules"),
                HearthProcess.options().arg("--hearth.rules.evaluator=nonesuch"))) {
            assertNotEquals(0, hearth.awaitExit(Duration.ofSeconds(60)));
            assertTrue(hearth.log().contains("hearth.rules.evaluator names 'nonesuch', but no loaded plugin offers a rule evaluator"
                    + " of that name"), hearth.log());
        }
        try (HearthProcess hearth = HearthProcess.launch(temp.resolve("data-notifiers"),
                HearthProcess.options().arg("--hearth.rules.evaluator=none", "--hearth.notifiers=nonesuch"))) {
            assertNotEquals(0, hearth.awaitExit(Duration.ofSeconds(60)));
            assertTrue(hearth.log().contains("hearth.notifiers names 'nonesuch', but no loaded plugin offers a notifier of that name"),
                    hearth.log());
        }
    }
}
