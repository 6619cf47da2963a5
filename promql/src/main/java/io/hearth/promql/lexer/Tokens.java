package io.hearth.promql.lexer;

import java.util.Arrays;

/**
 * The token stream of one query: parallel arrays of type, start and end offsets (character
 * indexes into {@link #input()}), so lexing allocates per token at most an array slot, never per
 * character. The stream always ends with an {@link TokenType#EOF} or {@link TokenType#ERROR}
 * token; an error token carries {@link #errorMessage()}.
 */
public final class Tokens {
    private static final TokenType[] TYPES = TokenType.values();

    private final String input;
    private byte[] types = new byte[16];
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int size;
    private String errorMessage;

    Tokens(String input) {
        this.input = input;
    }

    void add(TokenType type, int start, int end) {
        if (size == types.length) {
            int n = size * 2;
            types = Arrays.copyOf(types, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
        }
        types[size] = (byte) type.ordinal();
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    void addError(int pos, String message) {
        add(TokenType.ERROR, pos, input.length());
        errorMessage = message;
    }

    public String input() {
        return input;
    }

    public int size() {
        return size;
    }

    public TokenType type(int i) {
        return TYPES[types[i]];
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    /** The token's text as written (for an error token: the rest of the input). */
    public String text(int i) {
        return input.substring(starts[i], ends[i]);
    }

    /** The message of the trailing error token, or null. */
    public String errorMessage() {
        return errorMessage;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(type(i));
            if (type(i) == TokenType.ERROR) {
                b.append('(').append(errorMessage).append(')');
            } else if (type(i) != TokenType.EOF) {
                b.append('(').append(text(i)).append(')');
            }
        }
        return b.toString();
    }
}
