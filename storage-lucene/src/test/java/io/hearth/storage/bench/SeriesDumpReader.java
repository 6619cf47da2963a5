package io.hearth.storage.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the storage bench's dataset as conformance's {@code SeriesDump} writes it: a series count,
 * then per series its text name ({@code metric{label="value",...}}), its sample count, its
 * timestamps and its values' raw bits.
 */
public final class SeriesDumpReader implements Closeable {

    private final DataInputStream in;
    private final int count;
    private int read;
    private String name;
    private long[] t;
    private long[] v;

    public SeriesDumpReader(Path file) throws IOException {
        this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20));
        this.count = in.readInt();
    }

    /** @return how many series the file holds */
    public int count() {
        return count;
    }

    /** Reads the next series into fresh arrays; @return false after the last */
    public boolean next() throws IOException {
        if (read == count) {
            return false;
        }
        read++;
        name = in.readUTF();
        int n = in.readInt();
        t = new long[n];
        v = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = in.readLong();
        }
        for (int i = 0; i < n; i++) {
            v[i] = in.readLong();
        }
        return true;
    }

    public String name() {
        return name;
    }

    public long[] timestamps() {
        return t;
    }

    /** @return the values' raw bits */
    public long[] valueBits() {
        return v;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
