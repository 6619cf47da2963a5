package io.hearth.kernel.amp;

import java.util.Map;
import java.util.regex.Pattern;

/** The AMP model's rules for tags, shared by every taggable resource. */
public final class Tags {

    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final int MAX_TAGS = 50;

    private Tags() {
    }

    /**
     * Checks a tag map against the model.
     *
     * @param field the request member holding it, for the error
     * @param tags the tags; null is allowed and means none
     * @throws AmpException a ValidationException naming the first problem
     */
    public static void validate(String field, Map<String, String> tags) {
        if (tags == null) {
            return;
        }
        if (tags.size() > MAX_TAGS) {
            throw AmpException.invalidField(field, "A resource can have at most " + MAX_TAGS + " tags");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            String value = tag.getValue();
            if (key.isEmpty() || key.length() > 128 || !ALLOWED.matcher(key).matches()) {
                throw AmpException.invalidField(field, "Tag key '" + key
                        + "' must be 1 to 128 letters, digits, spaces or _.:/=+-@");
            }
            if (key.regionMatches(true, 0, "aws:", 0, 4)) {
                throw AmpException.invalidField(field, "Tag key '" + key + "' must not begin with aws:");
            }
            if (value.length() > 256 || !ALLOWED.matcher(value).matches()) {
                throw AmpException.invalidField(field, "Tag value for key '" + key
                        + "' must be at most 256 letters, digits, spaces or _.:/=+-@");
            }
        }
    }
}
