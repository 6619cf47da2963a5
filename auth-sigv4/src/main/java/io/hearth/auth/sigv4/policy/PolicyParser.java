package io.hearth.auth.sigv4.policy;

import io.hearth.auth.sigv4.arn.Arn;
import io.hearth.auth.sigv4.json.JsonException;
import io.hearth.auth.sigv4.json.JsonReader;
import io.hearth.auth.sigv4.json.JsonValue;
import io.hearth.auth.sigv4.json.JsonValue.JsonArray;
import io.hearth.auth.sigv4.json.JsonValue.JsonBoolean;
import io.hearth.auth.sigv4.json.JsonValue.JsonNumber;
import io.hearth.auth.sigv4.json.JsonValue.JsonObject;
import io.hearth.auth.sigv4.json.JsonValue.JsonString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a policy document (IAM's JSON policy language) into a {@link Policy}, or refuses it with a
 * {@link MalformedPolicyException} that says what is wrong.
 *
 * <p>Supported: {@code Version}, {@code Id}, {@code Statement} (one object or an array);
 * per statement {@code Sid}, {@code Effect}, {@code Action}/{@code NotAction},
 * {@code Resource}/{@code NotResource}, {@code Principal} (resource policies: {@code "*"} or
 * {@code {"AWS": ...}}) and {@code Condition} with the operators of {@link ConditionOperator} (also
 * with {@code IfExists}) on the keys {@value #SUPPORTED_KEYS_TEXT}.
 *
 * <p>Refused rather than half-supported: {@code NotPrincipal}, principals other than {@code AWS}
 * ({@code Service}, {@code Federated}, {@code CanonicalUser}), other condition operators and keys,
 * the {@code ForAnyValue:}/{@code ForAllValues:} qualifiers, and policy variables ({@code ${...}})
 * in version 2012-10-17 documents.
 */
public final class PolicyParser {

    /** The longest document accepted, in characters. */
    public static final int MAX_DOCUMENT_CHARS = 65_536;

    static final String SUPPORTED_KEYS_TEXT = "aws:PrincipalArn, aws:PrincipalAccount, aws:username, aws:RequestedRegion";
    private static final Set<String> SUPPORTED_KEYS =
            Set.of("aws:principalarn", "aws:principalaccount", "aws:username", "aws:requestedregion");
    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_ELEMENTS = Set.of(
            "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9-]+:[A-Za-z0-9*?]+");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern PRINCIPAL_ARN =
            Pattern.compile("arn:[a-z0-9-]+:(iam|sts)::[0-9]{12}:[A-Za-z0-9+=,.@_/-]+");
    private static final Pattern IDENTITY_SID = Pattern.compile("[A-Za-z0-9]*");

    private PolicyParser() {}

    /**
     * @param document the policy JSON
     * @param kind whether it is an identity policy or a resource policy
     * @return the parsed policy
     * @throws MalformedPolicyException when the document is not valid JSON or not a valid policy
     */
    public static Policy parse(String document, PolicyKind kind) throws MalformedPolicyException {
        if (document == null || document.isBlank()) {
            throw new MalformedPolicyException("The policy document is empty.");
        }
        if (document.length() > MAX_DOCUMENT_CHARS) {
            throw new MalformedPolicyException(
                    "The policy document is longer than " + MAX_DOCUMENT_CHARS + " characters.");
        }
        JsonValue root;
        try {
            root = JsonReader.read(document);
        } catch (JsonException e) {
            throw new MalformedPolicyException("The policy document is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof JsonObject top)) {
            throw new MalformedPolicyException("A policy document must be a JSON object.");
        }
        unknownElements(top, TOP_LEVEL, "the policy document");
        String version = "2008-10-17";
        if (top.members().containsKey("Version")) {
            version = string(top.members().get("Version"), "Version");
            if (!version.equals("2012-10-17") && !version.equals("2008-10-17")) {
                throw new MalformedPolicyException(
                        "The policy Version must be \"2012-10-17\" or \"2008-10-17\", not \"" + version + "\".");
            }
        }
        String id = top.members().containsKey("Id") ? string(top.members().get("Id"), "Id") : null;
        JsonValue statementValue = top.members().get("Statement");
        if (statementValue == null) {
            throw new MalformedPolicyException("The policy document has no Statement.");
        }
        List<JsonValue> statementValues = statementValue instanceof JsonArray array
                ? array.elements() : List.of(statementValue);
        if (statementValues.isEmpty()) {
            throw new MalformedPolicyException("The policy's Statement array is empty.");
        }
        List<Statement> statements = new ArrayList<>();
        Set<String> sids = new HashSet<>();
        for (int i = 0; i < statementValues.size(); i++) {
            Statement statement = statement(statementValues.get(i), i + 1, kind, version);
            if (statement.sid() != null && !statement.sid().isEmpty() && !sids.add(statement.sid())) {
                throw new MalformedPolicyException(
                        "Statement IDs (SID) in a single policy must be unique: \"" + statement.sid() + "\" repeats.");
            }
            statements.add(statement);
        }
        return new Policy(version, id, kind, statements);
    }

    private static Statement statement(JsonValue value, int number, PolicyKind kind, String version)
            throws MalformedPolicyException {
        String where = "statement " + number;
        if (!(value instanceof JsonObject object)) {
            throw new MalformedPolicyException("Each statement must be a JSON object; " + where + " is a "
                    + value.typeName() + ".");
        }
        Map<String, JsonValue> m = object.members();
        unknownElements(object, STATEMENT_ELEMENTS, where);
        String sid = null;
        if (m.containsKey("Sid")) {
            sid = string(m.get("Sid"), "Sid of " + where);
            if (kind == PolicyKind.IDENTITY && !IDENTITY_SID.matcher(sid).matches()) {
                throw new MalformedPolicyException("Statement IDs (SID) must be alpha-numeric: \"" + sid + "\".");
            }
            where = where + " (\"" + sid + "\")";
        }
        if (!m.containsKey("Effect")) {
            throw new MalformedPolicyException("Missing Effect in " + where + ".");
        }
        String effectText = string(m.get("Effect"), "Effect of " + where);
        Effect effect = switch (effectText) {
            case "Allow" -> Effect.ALLOW;
            case "Deny" -> Effect.DENY;
            default -> throw new MalformedPolicyException(
                    "The Effect of " + where + " must be \"Allow\" or \"Deny\", not \"" + effectText + "\".");
        };

        PrincipalMatcher principal = null;
        if (m.containsKey("NotPrincipal")) {
            throw new MalformedPolicyException("NotPrincipal is not supported (" + where + ").");
        }
        if (kind == PolicyKind.IDENTITY && m.containsKey("Principal")) {
            throw new MalformedPolicyException("Policy document should not specify a principal (" + where
                    + "): an identity policy applies to whoever it is attached to.");
        }
        if (kind == PolicyKind.RESOURCE) {
            if (!m.containsKey("Principal")) {
                throw new MalformedPolicyException("Missing Principal in " + where + " of a resource policy.");
            }
            principal = principal(m.get("Principal"), where);
        }

        PatternSet actions = patterns(m, "Action", "NotAction", where, version, false);
        PatternSet resources = patterns(m, "Resource", "NotResource", where, version, true);
        List<Condition> conditions = m.containsKey("Condition")
                ? conditions(m.get("Condition"), where, version) : List.of();
        return new Statement(sid, effect, principal, actions, resources, conditions);
    }

    private static PrincipalMatcher principal(JsonValue value, String where) throws MalformedPolicyException {
        if (value instanceof JsonString s) {
            if (s.value().equals("*")) {
                return new PrincipalMatcher(true, Set.of(), Set.of());
            }
            throw new MalformedPolicyException("Invalid principal in " + where
                    + ": a string Principal must be \"*\"; name others as {\"AWS\": [...]}.");
        }
        if (!(value instanceof JsonObject object)) {
            throw new MalformedPolicyException("Invalid principal in " + where + ": expected \"*\" or an object.");
        }
        if (object.members().isEmpty()) {
            throw new MalformedPolicyException("Invalid principal in " + where + ": the object is empty.");
        }
        boolean anyone = false;
        Set<String> accounts = new HashSet<>();
        Set<String> arns = new HashSet<>();
        for (Map.Entry<String, JsonValue> entry : object.members().entrySet()) {
            if (!entry.getKey().equals("AWS")) {
                throw new MalformedPolicyException("Unsupported principal type \"" + entry.getKey() + "\" in "
                        + where + ": only \"AWS\" principals are supported.");
            }
            for (String p : strings(entry.getValue(), "Principal AWS of " + where)) {
                if (p.equals("*")) {
                    anyone = true;
                } else if (ACCOUNT_ID.matcher(p).matches()) {
                    accounts.add(p);
                } else if (PRINCIPAL_ARN.matcher(p).matches()) {
                    Arn arn = Arn.parse(p);
                    if (arn.service().equals("iam") && arn.resource().equals("root")) {
                        accounts.add(arn.account());
                    } else {
                        arns.add(p);
                    }
                } else {
                    throw new MalformedPolicyException("Invalid principal in " + where + ": \"" + p
                            + "\" is neither \"*\", a twelve-digit account id nor an IAM/STS principal ARN"
                            + " (wildcards are not allowed in principals).");
                }
            }
        }
        return new PrincipalMatcher(anyone, accounts, arns);
    }

    private static PatternSet patterns(
            Map<String, JsonValue> m, String positive, String negative, String where, String version, boolean arns)
            throws MalformedPolicyException {
        boolean hasPositive = m.containsKey(positive);
        boolean hasNegative = m.containsKey(negative);
        if (hasPositive == hasNegative) {
            throw new MalformedPolicyException((hasPositive ? "Both " + positive + " and " + negative
                    : "Neither " + positive + " nor " + negative) + " in " + where + ": exactly one is required.");
        }
        String element = hasPositive ? positive : negative;
        List<WildcardPattern> patterns = new ArrayList<>();
        for (String text : strings(m.get(element), element + " of " + where)) {
            if (arns) {
                checkResource(text, where, version);
                patterns.add(WildcardPattern.arn(text));
            } else {
                if (!text.equals("*") && !ACTION.matcher(text).matches()) {
                    throw new MalformedPolicyException("Actions must be prefaced by a vendor, e.g. \"aps:RemoteWrite\","
                            + " and contain only letters, digits, '*' and '?': \"" + text + "\" in " + where + ".");
                }
                patterns.add(WildcardPattern.glob(text, true));
            }
        }
        return new PatternSet(hasNegative, patterns);
    }

    private static void checkResource(String text, String where, String version) throws MalformedPolicyException {
        if (text.equals("*")) {
            return;
        }
        if (!text.startsWith("arn:")) {
            throw new MalformedPolicyException("Resource " + text + " must be in ARN format or \"*\" (" + where + ").");
        }
        if (text.split(":", 6).length < 6 && !text.endsWith("*")) {
            throw new MalformedPolicyException("Resource " + text + " must have six ':'-separated parts,"
                    + " arn:partition:service:region:account:resource, or end in '*' (" + where + ").");
        }
        noVariables(text, where, version);
    }

    private static List<Condition> conditions(JsonValue value, String where, String version)
            throws MalformedPolicyException {
        if (!(value instanceof JsonObject block)) {
            throw new MalformedPolicyException("The Condition of " + where + " must be an object.");
        }
        List<Condition> out = new ArrayList<>();
        for (Map.Entry<String, JsonValue> entry : block.members().entrySet()) {
            String name = entry.getKey();
            if (name.startsWith("ForAnyValue:") || name.startsWith("ForAllValues:")) {
                throw new MalformedPolicyException("The set qualifiers ForAnyValue/ForAllValues are not supported ("
                        + name + " in " + where + ").");
            }
            boolean ifExists = name.endsWith("IfExists");
            String base = ifExists ? name.substring(0, name.length() - "IfExists".length()) : name;
            Optional<ConditionOperator> operator = ConditionOperator.byPolicyName(base);
            if (operator.isEmpty()) {
                throw new MalformedPolicyException("Unsupported condition operator \"" + name + "\" in " + where
                        + "; supported: StringEquals, StringNotEquals, StringEqualsIgnoreCase,"
                        + " StringNotEqualsIgnoreCase, StringLike, StringNotLike, ArnEquals, ArnNotEquals, ArnLike,"
                        + " ArnNotLike (each also with IfExists).");
            }
            if (!(entry.getValue() instanceof JsonObject keys) || keys.members().isEmpty()) {
                throw new MalformedPolicyException("The condition operator " + name + " in " + where
                        + " must map to a non-empty object of condition keys.");
            }
            for (Map.Entry<String, JsonValue> keyEntry : keys.members().entrySet()) {
                String key = keyEntry.getKey();
                String lowerKey = key.toLowerCase(Locale.ROOT);
                if (!SUPPORTED_KEYS.contains(lowerKey)) {
                    throw new MalformedPolicyException("Unsupported condition key \"" + key + "\" in " + where
                            + "; supported: " + SUPPORTED_KEYS_TEXT + ".");
                }
                if (operator.get().comparesArns() && !lowerKey.equals("aws:principalarn")) {
                    throw new MalformedPolicyException("The operator " + name + " compares ARNs; the key \"" + key
                            + "\" in " + where + " does not hold an ARN.");
                }
                List<String> values = conditionValues(keyEntry.getValue(), name + " " + key + " of " + where);
                for (String v : values) {
                    noVariables(v, where, version);
                }
                out.add(new Condition(operator.get(), ifExists, key, values));
            }
        }
        return out;
    }

    /** Condition values may be strings, numbers or booleans, alone or in a non-empty array. */
    private static List<String> conditionValues(JsonValue value, String what) throws MalformedPolicyException {
        List<JsonValue> items = value instanceof JsonArray array ? array.elements() : List.of(value);
        if (items.isEmpty()) {
            throw new MalformedPolicyException(what + " must have at least one value.");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : items) {
            switch (item) {
                case JsonString s -> out.add(s.value());
                case JsonNumber n -> out.add(n.text());
                case JsonBoolean b -> out.add(Boolean.toString(b.value()));
                default -> throw new MalformedPolicyException(
                        what + " must be strings, numbers or booleans, not " + item.typeName() + ".");
            }
        }
        return out;
    }

    private static void noVariables(String text, String where, String version) throws MalformedPolicyException {
        if (version.equals("2012-10-17") && text.contains("${")) {
            throw new MalformedPolicyException("Policy variables such as ${aws:username} are not supported (\"" + text
                    + "\" in " + where + ").");
        }
    }

    private static void unknownElements(JsonObject object, Set<String> allowed, String where)
            throws MalformedPolicyException {
        for (String name : object.members().keySet()) {
            if (!allowed.contains(name)) {
                throw new MalformedPolicyException("Unknown element \"" + name + "\" in " + where
                        + "; expected one of " + allowed.stream().sorted().toList() + ".");
            }
        }
    }

    private static String string(JsonValue value, String what) throws MalformedPolicyException {
        if (value instanceof JsonString s) {
            return s.value();
        }
        throw new MalformedPolicyException(what + " must be a string, not " + value.typeName() + ".");
    }

    /** A string, or a non-empty array of strings. */
    private static List<String> strings(JsonValue value, String what) throws MalformedPolicyException {
        if (value instanceof JsonString s) {
            return List.of(s.value());
        }
        if (value instanceof JsonArray array && !array.elements().isEmpty()) {
            List<String> out = new ArrayList<>();
            for (JsonValue element : array.elements()) {
                out.add(string(element, "Each value of " + what));
            }
            return out;
        }
        throw new MalformedPolicyException(what + " must be a string or a non-empty array of strings.");
    }
}
