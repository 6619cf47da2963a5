package io.hearth.kernel.amp;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * An error of the AMP control plane, in the shape its rest-json clients read: the error type in
 * the {@code x-amzn-ErrorType} header, the model's members in the JSON body, and the model's HTTP
 * status.
 */
public final class AmpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;
    private final transient JsonObject body;

    private AmpException(String type, int status, String message, JsonObjectBuilder members) {
        super(message);
        this.type = type;
        this.status = status;
        this.body = members.add("message", message).build();
    }

    /** @return the error type, e.g. {@code ValidationException} */
    public String type() {
        return type;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the JSON body */
    public JsonObject body() {
        return body;
    }

    /**
     * A request that does not satisfy the model.
     *
     * @param reason one of UNKNOWN_OPERATION, CANNOT_PARSE, FIELD_VALIDATION_FAILED, OTHER
     * @param field the offending field, or null
     * @param message what is wrong
     * @return the exception
     */
    public static AmpException validation(String reason, String field, String message) {
        JsonObjectBuilder members = Json.createObjectBuilder().add("reason", reason);
        if (field != null) {
            members.add("fieldList", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("name", field).add("message", message)));
        }
        return new AmpException("ValidationException", 400, message, members);
    }

    /** @return a FIELD_VALIDATION_FAILED error for one field */
    public static AmpException invalidField(String field, String message) {
        return validation("FIELD_VALIDATION_FAILED", field, message);
    }

    /** @return a ResourceNotFoundException */
    public static AmpException notFound(String resourceType, String resourceId, String message) {
        return new AmpException("ResourceNotFoundException", 404, message, Json.createObjectBuilder()
                .add("resourceId", resourceId).add("resourceType", resourceType));
    }

    /** @return a ConflictException */
    public static AmpException conflict(String resourceType, String resourceId, String message) {
        return new AmpException("ConflictException", 409, message, Json.createObjectBuilder()
                .add("resourceId", resourceId).add("resourceType", resourceType));
    }

    /** @return an AccessDeniedException */
    public static AmpException accessDenied(String message) {
        return new AmpException("AccessDeniedException", 403, message, Json.createObjectBuilder());
    }

    /** @return an InternalServerException */
    public static AmpException internal(String message) {
        return new AmpException("InternalServerException", 500, message, Json.createObjectBuilder());
    }

    /** @return an error of a type outside the model's shapes, such as UnknownOperationException */
    public static AmpException other(String type, int status, String message) {
        return new AmpException(type, status, message, Json.createObjectBuilder());
    }
}
