package io.hearth.kernel.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The query routes take only the paths JAX-RS matched as sent; others fall through to Jersey. */
class QueryRoutesTest {

    @Test
    void pathsAsSentAreTheRoutesWithAtMostATrailingSlashAndAnEncodedWorkspaceId() {
        assertTrue(QueryRoutes.asSent(QueryRoutes.QUERY, "/workspaces/ws-1/api/v1/query"));
        assertTrue(QueryRoutes.asSent(QueryRoutes.QUERY, "/workspaces/ws-1/api/v1/query/"));
        assertTrue(QueryRoutes.asSent(QueryRoutes.QUERY, "/workspaces/ws%2D1/api/v1/query"));
        assertTrue(QueryRoutes.asSent(QueryRoutes.QUERY_RANGE, "/workspaces/ws-1/api/v1/query_range"));
        assertFalse(QueryRoutes.asSent(QueryRoutes.QUERY, "/workspaces/ws-1/api/v%31/query"));
        assertFalse(QueryRoutes.asSent(QueryRoutes.QUERY, "/workspaces/ws-1/api/v1//query"));
        assertFalse(QueryRoutes.asSent(QueryRoutes.QUERY, "/workspaces/ws-1/api/v1/qu%65ry"));
        assertFalse(QueryRoutes.asSent(QueryRoutes.QUERY, "/workspaces//api/v1/query"));
        assertFalse(QueryRoutes.asSent(QueryRoutes.QUERY, "/workspaces/a/b/api/v1/query"));
        assertFalse(QueryRoutes.asSent(QueryRoutes.QUERY_RANGE, "/workspaces/ws-1/api/v1/query"));
    }
}
