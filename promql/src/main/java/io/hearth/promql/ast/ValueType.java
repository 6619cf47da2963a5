package io.hearth.promql.ast;

/** The type an expression evaluates to. */
public enum ValueType {
    NONE("none", "none"),
    SCALAR("scalar", "scalar"),
    VECTOR("vector", "instant vector"),
    MATRIX("matrix", "range vector"),
    STRING("string", "string");

    private final String name;
    private final String documentedName;

    ValueType(String name, String documentedName) {
        this.name = name;
        this.documentedName = documentedName;
    }

    /** The short internal name ("vector", "matrix"), as Prometheus prints it in some messages. */
    public String shortName() {
        return name;
    }

    /** The name used in user-facing documentation and most error messages ("instant vector"). */
    public String documentedName() {
        return documentedName;
    }
}
