package io.hearth.storage.block;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The small description of a block, its file {@code meta} (specified in
 * {@code docs/format/blocks.md}): a text file of {@code key=value} lines after a format line, ending
 * with the CRC32C of everything before it, so that a damaged meta is detected and the block
 * dropped rather than misread.
 *
 * @param id the block's id ({@link BlockId})
 * @param minT the oldest sample's timestamp (inclusive)
 * @param maxT the newest sample's timestamp (inclusive)
 * @param series how many series the block holds
 * @param samples how many samples
 * @param chunks how many chunks
 * @param chunkBytes the length of the block's chunk stream in the chunk backend
 * @param level 1 for a block cut from the head, one more than its highest parent after compaction
 * @param sources the ids of the level-1 blocks whose data this block holds (itself if level 1)
 * @param parents the ids of the blocks a compaction merged into this one; empty for level 1. A
 *     parent still on disk beside a sound child is superseded and deleted at open.
 */
public record BlockMeta(String id, long minT, long maxT, long series, long samples, long chunks, long chunkBytes,
        int level, List<String> sources, List<String> parents) {

    /** The file name of a block's meta. */
    public static final String FILE = "meta";
    private static final String FORMAT = "hearth-block-meta 1";

    public BlockMeta {
        if (!BlockId.isValid(id) || minT > maxT || series < 0 || samples < 0 || chunks < 0 || chunkBytes < 0
                || level < 1) {
            throw new IllegalArgumentException("invalid block meta " + id + " [" + minT + ", " + maxT + "] level " + level);
        }
        sources = List.copyOf(sources);
        parents = List.copyOf(parents);
    }

    /** Whether the block has samples in {@code [lo, hi]}. */
    public boolean overlaps(long lo, long hi) {
        return maxT >= lo && minT <= hi;
    }

    /** Writes the meta to {@code dir/meta} and forces it. */
    public void write(Path dir) throws IOException {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("id", id);
        kv.put("minT", Long.toString(minT));
        kv.put("maxT", Long.toString(maxT));
        kv.put("series", Long.toString(series));
        kv.put("samples", Long.toString(samples));
        kv.put("chunks", Long.toString(chunks));
        kv.put("chunkBytes", Long.toString(chunkBytes));
        kv.put("level", Integer.toString(level));
        kv.put("sources", String.join(",", sources));
        kv.put("parents", String.join(",", parents));
        StringBuilder b = new StringBuilder(FORMAT).append('\n');
        kv.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);
        String full = b + String.format(Locale.ROOT, "crc32c=%08x%n", crc.getValue());
        Path file = dir.resolve(FILE);
        Files.write(file, full.getBytes(StandardCharsets.UTF_8));
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /**
     * Reads and checks {@code dir/meta}.
     *
     * @throws CorruptBlockException if it is missing a field, fails its checksum or is of another
     *     format
     */
    public static BlockMeta read(Path dir) throws IOException {
        byte[] all = Files.readAllBytes(dir.resolve(FILE));
        String text = new String(all, StandardCharsets.UTF_8);
        int last = text.lastIndexOf("crc32c=");
        if (!text.startsWith(FORMAT + "\n") || last < 0) {
            throw new CorruptBlockException(dir + "/" + FILE + ": not a block meta of format '" + FORMAT + "'");
        }
        CRC32C crc = new CRC32C();
        crc.update(text.substring(0, last).getBytes(StandardCharsets.UTF_8));
        String stored = text.substring(last + 7).strip();
        if (!stored.equals(String.format(Locale.ROOT, "%08x", crc.getValue()))) {
            throw new CorruptBlockException(dir + "/" + FILE + ": checksum mismatch");
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : text.substring(FORMAT.length() + 1, last).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            return new BlockMeta(kv.get("id"), Long.parseLong(kv.get("minT")), Long.parseLong(kv.get("maxT")),
                    Long.parseLong(kv.get("series")), Long.parseLong(kv.get("samples")),
                    Long.parseLong(kv.get("chunks")), Long.parseLong(kv.get("chunkBytes")),
                    Integer.parseInt(kv.get("level")), ids(kv.get("sources")), ids(kv.get("parents")));
        } catch (RuntimeException e) {
            throw new CorruptBlockException(dir + "/" + FILE + ": " + e.getMessage());
        }
    }

    private static List<String> ids(String s) {
        if (s == null) {
            throw new IllegalArgumentException("missing id list");
        }
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }
}
